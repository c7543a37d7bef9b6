"""Text utilities shared by the stages: folding, segmentation, script and language detection."""
