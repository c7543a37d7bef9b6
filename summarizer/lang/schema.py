"""The shape of a language pack: every field a check reads, with what it is for.

Every list holds phrases: words separated by spaces (any white space matches), a trailing `*` on a
word for any ending ("заяв*" is "заявив", "заявила", ...). Phrases of scripts written without spaces
(Chinese, Japanese) match anywhere, `*` aside. Matching ignores case and folds apostrophes.
An empty list means the pack has nothing for that check: the check says "not checked" for the
language's articles instead of failing them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Words = list[str]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _words(description: str) -> Words:
    return Field(default_factory=list, description=description)


class FormatWords(_Part):
    """How an event was held (verification/formats.py, mentioned.py)."""

    phone: Words = _words("Phrases stating a phone call ('по телефону', 'phoned', '通电话').")
    video: Words = _words("Phrases stating a video call ('відеоконференц*', 'by video', '视频会晤').")
    in_person: Words = _words("Phrases stating a meeting in person ('віч-на-віч', 'face-to-face').")
    weak_in_person: Words = _words(
        "Words for meeting that count only when the sentence has no other format word (people 'meet' by video too)."
    )
    in_person_cues: Words = _words(
        "Words that fit a meeting held in person without proving it (a visit, talks, a handshake): an in-person "
        "claim must quote one of them, or an in-person phrase, and no phone or video word."
    )
    meeting: Words = _words("Words for a meeting: with no phone or video word near, they mean in person.")
    visit: Words = _words("Words for a visit or an arrival (a visit is in person).")


class DateWords(_Part):
    """Date words (verification/dates.py, event_dates.py, date_parse.py, years.py; ingest/boilerplate.py)."""

    months: list[Words] = Field(
        default_factory=list,
        description="Twelve lists, January first: each month's names as dates write them (all cases, abbreviations).",
    )
    day_suffixes: Words = _words("Endings written after a day's digits ('st', 'th', 'er' of '1er').")
    day_only: Words = _words(
        "A day of the month written alone, D standing for its digits ('D日': '习近平22日同…通电话'): the latest "
        "such day on or before publication."
    )
    ordinal_endings: Words = _words("Endings of a day written as an ordinal word before a month ('-го' of 'першого').")
    digit_dates: Words = _words(
        "Dates written in digits with words between, Y, M and D standing for the year's, month's and day's "
        "digits ('Y年M月D日', 'M月D日'); read by code, for dateparser misses some."
    )
    weekdays: list[Words] = Field(
        default_factory=list,
        description="Seven lists, Monday first: each weekday's words, in every form an article dates by "
        "('у середу', 'недільної', '周二').",
    )
    weekday_prepositions: Words = _words("Words before a weekday that belong to it ('у', 'on', 'am').")
    last: Words = _words("Words before a weekday meaning the one before this week's ('минулого', 'last').")
    day_words: Words = _words("Today, yesterday and the like ('сьогодні', 'вчора', 'heute', '昨天').")
    day_offsets: dict[str, int] = Field(
        default_factory=dict,
        description="Day words dateparser does not read, with their offset in days from the publication "
        "day ('今日': 0, '昨日': -1); each is also one of the day words.",
    )
    year_words: Words = _words("Words after a year number ('року', 'р.').")
    time_words: Words = _words("Words before a time of day in a dateline ('о 14:05', 'at 14:05', 'um').")
    day_units: Words = _words("Units of days in offsets ('днів', 'days').")
    week_units: Words = _words("Units of weeks in offsets ('тижні', 'weeks').")
    one_units: Words = _words("Units that mean one of them with no number before ('день', 'a day' is 'day').")
    offset_one: Words = _words("Words that count one before a unit ('a', 'an'), besides the number words.")
    after: Words = _words("'after' in offsets from another event ('4 дні після ...').")
    before: Words = _words("'before' in offsets from another event ('за день до ...').")
    next_day: Words = _words("'The next day' after another event.")
    eve: Words = _words("'The day before' (the eve of) another event.")
    span_words: Words = _words("Words opening a span of time that is not a date ('за два дні', 'within').")
    span_last: Words = _words("'the last' inside a span ('за останні два дні').")
    this_year: Words = _words("'This year': a year written before its last word names the year of writing.")
    under_way: Words = _words(
        "Verbs of an event going on as the article is written ('проводять', 'are holding', 'finden statt')."
    )
    not_now: Words = _words("Words before such a verb that make it habitual, planned or negated ('regularly', 'will').")
    other_event: Words = _words(
        "Words right before a date that make it another event's date ('after', 'ahead of', 'напередодні')."
    )
    dispatch: Words = _words(
        "Words right after a date that make it the date of the dispatch, not of the event ('5月20日电', "
        "'据新华社5月20日消息'): with another date in the sentence, that one is the event's."
    )
    earlier: Words = _words(
        "Words that make a clause's date the date of an earlier time the same people met or spoke "
        "('last spoke', 'pour la dernière fois', 'востаннє', '上次')."
    )


class Boilerplate(_Part):
    """Page furniture (ingest/boilerplate.py); lower case."""

    read_also: Words = _words("Read-also links ('читайте також').")
    list_headings: Words = _words("Headings of lists of other articles ('останні новини', 'related').")
    captions: Words = _words("Words that open a caption or a credit ('фото', 'photo').")
    own_artwork: Words = _words("Credits an outlet gives its own artwork ('колаж', 'infographic').")
    junk_lines: Words = _words("Whole lines that are furniture ('теги', 'share').")
    calls_to_action: Words = _words("Calls to action that open a line ('підписуйтесь', 'subscribe to').")
    bylines: Words = _words("Words that open a byline ('автор', 'by').")
    portal_words: Words = _words("Self-promotion naming the site ('на порталі').")


class ReportWords(_Part):
    """Sentences that report an event (verification/reports.py, formats.py, people.py)."""

    clause_breaks: Words = _words("Words after a comma that open a contrasting clause ('але', 'while').")
    background: Words = _words("Words opening a clause about what came before ('до цього', 'earlier').")
    reported_openers: Words = _words("Openings of a 'this was reported by' sentence ('про це', 'as reported').")
    reported_pronouns: Words = _words("'This' as the subject of 'this was reported by' ('це', 'это').")
    reported_verbs: Words = _words("Verbs that follow such a pronoun ('повідом*', 'підтверд*').")
    source_verbs: Words = _words("Words before a named source ('повідомляє', 'according to', 'laut').")
    both_sides: Words = _words("Subjects that are the sides together ('сторони', 'the leaders', '双方').")
    both_words: Words = _words("'Both' and 'the two' before such a subject.")
    subject_leads: Words = _words("Openings before such a subject ('крім того', 'also').")
    passive_reports: Words = _words("Impersonal 'it is reported' before 'that' ('зазначається').")
    and_words: Words = _words("'And' joining two subjects.")
    place_words: Words = _words(
        "Words for where, before a name ('в палаці Кіджі', 'in', '在'): a name the table does not know, "
        "written only so, is a place, not a participant (people.py)."
    )
    with_words: Words = _words(
        "Words before a person who acts with the subject, not as it ('у розмові з Путіним', 'with Putin', '同普京'): "
        "no credit of a reporting verb (credit.py)."
    )
    that_words: Words = _words("'That' ending a subject clause ('що', 'that', 'dass').")
    event_words: Words = _words("Words for a call, meeting, talks, summit or visit (verification/mentioned.py).")
    plan_words: Words = _words(
        "Words of a plan or expectation: the event is still to come ('планує', 'will', 'to visit', "
        "'se rencontreraient', '将'). A clause with one tells how a later meeting is to be held, not how this "
        "event was (formats.py)."
    )
    former: Words = _words(
        "'Former', 'vice' or an aide's word before a title: it does not name the title's holder ('колишній', "
        "'former', 'вице', '副', 'помощник президента', 'the president's adviser')."
    )


class FigureWords(_Part):
    """Figures a model gives (verification/figures.py, reconciliation/facts.py, event.py)."""

    no_figure: Words = _words("What a model writes when it has no figure ('unknown', 'не указано').")
    units: dict[str, Words] = Field(
        default_factory=dict, description="Words of a unit, by unit code ('%', 'USD', 'EUR', 't', ...)."
    )
    scales: dict[str, Words] = Field(
        default_factory=dict, description="Words of a scale, by its value ('1e9': ['млрд', 'billion'])."
    )
    official_sources: Words = _words(
        "Words naming an official source in a format claim's source or quote ('кремл*', 'spokes*', '外交部')."
    )
    duration_units: dict[str, Words] = Field(
        default_factory=dict,
        description="Words of a unit of time, by its length in minutes ('60': ['годин*', 'hour*', '小时']): "
        "how long an event lasted, found by code (verification/durations.py).",
    )
    duration_amounts: dict[str, Words] = Field(
        default_factory=dict,
        description="Words of an amount before such a unit that are no number word ('1.5': ['півтори', "
        "'anderthalb', '一个半'], '1': ['an'] of 'an hour').",
    )
    duration_hour_alone: Words = _words(
        "A word for an hour that alone is one hour ('приблизно годину', 'около часа')."
    )
    duration_half_after: Words = _words(
        "Words right after a unit of time that add half of it ('deux heures et demie', 'an hour and a "
        "half', 'час с половиной')."
    )
    duration_and: Words = _words(
        "Words joining hours and minutes into one length ('two hours and 45 minutes', 'zwei Stunden "
        "und 45 Minuten')."
    )
    duration_since: Words = _words(
        "Words right after a length of time that make it a distance in time, not a length ('two hours "
        "later', '两小时后', 'zwei Stunden später')."
    )


class LanguagePack(_Part):
    """What the checks know about one language; every list may be empty."""

    code: str
    name: str = ""
    script_note: str = Field(default="", description="How the pack covers the scripts the language is written in.")
    script_variants: list[str] = Field(
        default_factory=list,
        description="OpenCC conversions ('s2t', 's2hk', ...) whose output is added to every word at load: one "
        "pack, written in one script, serves the language's other scripts too.",
    )
    also: list[str] = Field(
        default_factory=list,
        description="Languages whose words articles in this language often carry (quotes; Ukrainian and "
        "Russian told apart wrongly): their packs apply to these articles too.",
    )
    function_words: Words = _words("Frequent short words that tell the language apart.")
    title_words: Words = _words(
        "Titles written before a name ('President', 'Bundeskanzler', '主席'): left out of an unknown name's spelling."
    )
    abbreviations: list[str] = Field(
        default_factory=list,
        description="Words written with a dot that end no sentence, case as written ('Mr', 'Dr', 'Mme', 'Prof'): "
        "the segmenter (text/segment.py) does not cut after them, in any language's text.",
    )
    leader_phrases: Words = _words(
        "Phrases that name a country's leader by its adjective, '{adj}' standing for the country's "
        "`adjectives` in the alias table ('{adj} leader', 'homologue {adj}', '{adj}领导人'): with each "
        "adjective, an alias of the country's leader title (verification/alias_table.py)."
    )
    name_folding: list[tuple[str, str]] = Field(
        default_factory=list,
        description="Regex rules (pattern, replacement) that bring this language's romanisation of a name to the "
        "common one before names are compared ('ou' -> 'u' in French, 'sch' -> 'sh' in German).",
    )
    reporting_verbs: Words = _words("Words that report speech, agreement or an announcement.")
    commentary_words: Words = _words(
        "Words naming someone who comments on an event rather than taking part (an expert, an analyst)."
    )
    media_words: Words = _words("Words for the press as a source ('ЗМІ', 'media', 'outlets').")
    open_endings: Words = _words(
        "Words no sentence ends with (articles, prepositions, 'that'): read in the model's English only, "
        "where a rendering that ends on one was cut off."
    )
    pronouns: Words = _words(
        "Subject pronouns ('він', 'he', '他'): a reporting verb with one for its subject continues the sentence before."
    )
    stop_words: Words = _words("Words that carry no topic (beyond the function words).")
    english_length: float = Field(
        default=1.0, description="How long an English rendering is, per character of this language's text."
    )
    formats: FormatWords = Field(default_factory=FormatWords)
    dates: DateWords = Field(default_factory=DateWords)
    number_words: dict[str, Words] = Field(
        default_factory=dict,
        description="Number words by value ('2': ['two', 'два']); a quote may use them where the English has digits.",
    )
    number_scales: list[int] = Field(
        default_factory=lambda: [1000, 1_000_000, 1_000_000_000],
        description="Values that multiply all the number words before them ('two hundred thousand'); Chinese "
        "counts in 万 and 亿, with 千 inside them.",
    )
    boilerplate: Boilerplate = Field(default_factory=Boilerplate)
    reports: ReportWords = Field(default_factory=ReportWords)
    figures: FigureWords = Field(default_factory=FigureWords)

    @property
    def known(self) -> bool:
        """A pack file exists for this language."""
        return bool(self.name)
