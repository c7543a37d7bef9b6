"""The core every stage builds on: data types, errors and settings. It imports nothing above it."""
