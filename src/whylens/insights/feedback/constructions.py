"""Complaint and praise *constructions*: rules over classes of words, not over phrases.

The phrase rules of lexicon.py name wordings; these name grammar that customers use whatever the
wording: a negated function verb ("didn't get", "isn't working") reports a failure; a duration
after "took" or "waiting" reports a delay; an ordinal ("third email") a repeated effort; "had to"
an effort the customer should not have made; a rating ("1/10", "five stars") its own sign.
Each family is one regular expression built from word classes; the rewriter turns a match into a
marker token (lexicon.MARKERS) so that VADER's negation and "but" rules still apply around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rewrite = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

#: words that negate what follows; a function verb after one of them did not happen
NEGATORS = (
    r"(?:don'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|can'?t|cannot|couldn'?t|isn'?t|aren'?t"
    r"|wasn'?t|weren'?t|hasn'?t|haven'?t|hadn'?t|never|not|no longer|nothing|no one|none)"
)
#: adverbs allowed between a negator and its verb ("didn't even load")
_FILLERS = r"(?:even|actually|really|ever|always|properly|fully|correctly|quite|still|yet|once)"
#: after a negator these are not a failed function: grammar words, or verbs whose negation is
#: neutral or praise ("don't mind", "can't fault", "never had a problem", "not the best")
_KEEP = """
    a an the my your our their his her its this that these those to be been being am is are was
    were have has had do does did so too very much many more less only just all any anything
    anyone every each one once at in on for with as of by from about i it we you they he she
    there here what how when where who why if because even ever really always know mind think
    need expect hesitate change matter care forget worry regret believe doubt say tell fault
    beat complain stop miss blame compare enough sure long yet ok okay feel felt feels seem
    seemed seems look looked looks sound sounded
"""
KEEP_AFTER_NEGATOR = frozenset(_KEEP.split())
#: an effort the customer had to make: a complaint unless negated ("didn't have to wait")
_PRAISE_AFTER_HAD_TO = (
    r"(?:say|admit|be honest|mention|share|write|tell|thank|recommend|praise|try)"
)
_NUMBER = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|several|many|a few|a couple of|a couple|a full|a whole|full|whole)"
)
_LONG_UNIT = r"(?:days?|weeks?|months?|fortnights?|ages|forever|an eternity)"
_ANY_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|fortnights?)"
_ORDINAL = r"(?:second|third|fourth|fifth|sixth|seventh|tenth|umpteenth|\d+(?:st|nd|rd|th))"
_MONEY = (
    r"(?:[€$£] ?\d+(?:[.,]\d+)?|\b\d+(?:[.,]\d+)? ?(?:€|eur|euros?|dollars?|usd|pounds?|gbp|quid"
    r"|bucks)\b|\b(?:five|ten|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    r"(?:[- ]\w+)? (?:euros?|dollars?|pounds?|quid|bucks)\b)"
)
#: times a customer waits for, against which "before" is praise and "after" a complaint
_EXPECTED = (
    r"(?:the |its |their |my |your )?(?:estimate[ds]?|estimated (?:date|time|day|delivery)|eta"
    r"|expected (?:date|time|day)|promised (?:date|time|day)|quoted (?:date|time)|deadline"
    r"|schedule|due date|delivery date|weekend)"
)
#: what support and shops send; "no <noun>" is a complaint about it missing
_AWAITED = (
    r"(?:reply|replies|response|responses|answer|answers|callback|call back|update|updates"
    r"|help|contact|refund|info|information|explanation|apology|tracking|sign|trace|movement"
    r"|progress|confirmation|follow[- ]up|feedback|solution|resolution)"
)


def _failed_function(lexicon: dict[str, float]) -> Callable[[re.Match[str]], str]:
    """A negated verb (or state) that carries no sentiment of its own reports a failure:
    "didn't get my money back", "isn't working", "can't add anything", "never showed"."""

    def rewrite(match: re.Match[str]) -> str:
        word, after = match["verb"], match["after"]
        if word in KEEP_AFTER_NEGATOR or word in lexicon or word.startswith("cx"):
            return match[0]
        if after and after in lexicon:  # "not user friendly": VADER negates "friendly"
            return match[0]
        return " cxfail "

    return rewrite


def _repeated(lexicon: dict[str, float]) -> Callable[[re.Match[str]], str]:
    """An unwanted repetition ("keeps asking", "kept sending", "keep getting transferred"),
    unless a sentiment word says which ("keeps getting better")."""

    def rewrite(match: re.Match[str]) -> str:
        if match["verb"] in lexicon or (match["after"] or "") in lexicon:
            return match[0]
        return " cxbad "

    return rewrite


def _specs(lexicon: dict[str, float]) -> list[tuple[str, str | Callable[[re.Match[str]], str]]]:
    """(pattern, replacement) in the order they apply; earlier rules consume their words."""
    return [
        # -- normalising grammar, so that the rules below and VADER see plain forms --
        # "however" turns a sentence as "but" does (VADER weighs clauses around "but" only)
        (r"[,;]? ?\bhowever\b,?", " but "),
        # inversion: "not once did they answer" -> "they never answer"
        (
            r"\bnot (?:once|one time|a single time|even once) (?:did|has|have|had|does|do|was|were"
            r"|will|would) ((?:the |my |your |our |their |this |that )?[a-z]+)\b",
            r"\1 never",
        ),
        (r"\bnever (?:once|ever)\b", "never"),
        # "never had a single glitch": VADER negates only three words back
        (r"\b(?:a single|one single|any single)\b", "a"),
        # -- idioms whose words mislead --
        (r"\b(?:not|never|no) again\b", " cxbad "),
        (
            r"\b(?:couldn'?t|could not|can'?t|cannot|never) (?:be|been|have been|be any) "
            r"(?:happier|better|more (?:pleased|satisfied|happy|impressed))\b",
            " cxgood ",
        ),
        (r"\bdon'?t get me wrong\b", " "),
        (r"\b(?:gets?|got|getting|stands?|stood) in (?:the|my|your) way\b", " cxbad "),
        (
            r"\b(?:nothing|no (?:issue|problem|request|question|job|detail)) (?:is|was|seemed|seems)"
            r" too (?:much|small|big|trivial|minor)(?: trouble)?\b",
            " cxgood ",
        ),
        (
            rf"\b{NEGATORS} (?:take|took|takes|taking|have to wait|had to wait|wait|last|lasted)"
            r" (?:very |too |that |so )?long\b",
            " cxgood ",
        ),
        (
            r"\b(?:won'?t|wouldn'?t|will never|would never|never) (?:go|shop|buy|order|look)"
            r" (?:anywhere|somewhere|elsewhere)(?: else)?\b",
            " cxgood ",
        ),
        # -- ratings carry their own sign --
        (
            r"\b(?:10|ten|9|nine|8|eight)(?: ?/ ?10| out of (?:10|ten))\b"
            r"|\b(?:5|five|4|four)(?: ?/ ?5| out of (?:5|five)| stars?| star rating)\b",
            " cxgood ",
        ),
        (
            r"\b(?:0|1|2|3|zero|one|two|three)(?: ?/ ?10| out of (?:10|ten))\b"
            r"|\b(?:0|1|zero|one|no|2|two)(?: ?/ ?5| out of (?:5|five)| stars?)\b",
            " cxbad ",
        ),
        # -- time: durations after waiting are delays, short ones praise --
        (
            rf"\b(?:only|just) (?:took|takes|taking|needed|a|an|one|two|\d+) (?:\w+ )?{_ANY_UNIT}\b"
            r"|\bin (?:seconds|no time|a flash|a jiffy|a heartbeat|minutes)\b",
            " cxgood ",
        ),
        (
            rf"\b(?:took|takes|taking|take|waited|waiting|wait(?:ed)? for|been waiting|it'?s been"
            rf"|has been|have been|on hold for|held for) (?:about |around |nearly |almost |over "
            rf"|more than |another |a further |at least )?{_NUMBER} (?:more |extra )?{_LONG_UNIT}\b",
            " cxbad ",
        ),
        (
            rf"\b(?:waited|waiting|wait(?:ed)? for|on hold(?: for)?|held for|queue(?:d)? for)"
            rf" (?:about |around |nearly |almost |over |more than |another )?{_NUMBER}"
            r" (?:minutes?|mins?|hours?|hrs?)\b",
            " cxbad ",
        ),
        (r"\bit'?s been \d+\b", " cxbad "),
        (
            r"\b(?:take|takes|took|taking) (?:forever|ages|an eternity|a lifetime)\b"
            rf"|\b{_NUMBER} (?:days?|weeks?|months?) (?:after|too late|overdue|behind)\b",
            " cxbad ",
        ),
        (
            r"\b(?:under|less than|barely|not even|inside) (?:a|an|one|two|\d+|half an?)"
            r" (?:seconds?|minutes?|mins?|hours?|days?)\b|\b(?:in|within) (?:a|one) day\b",
            " cxgood ",
        ),
        (
            rf"\b{_ORDINAL} (?:day|week|month|time|attempt|try|email|call|message|reminder|chat)\b",
            " cxbad ",
        ),
        (
            rf"\b(?:before|ahead of|earlier than|sooner than|faster than|quicker than) {_EXPECTED}\b"
            rf"|\b{_NUMBER} (?:days?|weeks?) (?:early|ahead|before)\b",
            " cxgood ",
        ),
        (rf"\b(?:later than|after|past|missed) {_EXPECTED}\b", " cxbad "),
        (r"\b(?:on time|on schedule|right on time|on the dot|as scheduled)\b", " cxgood "),
        # -- repeated or imposed effort --
        (
            r"\b(?:emailed|called|phoned|rang|asked|chased|contacted|messaged|complained|explained"
            r"|written|wrote|tried|reported|sent)(?: \w+){0,3} (?:twice|three times|four times"
            r"|five times|several times|multiple times|many times|\d+ times|again and again"
            r"|over and over|repeatedly)\b",
            " cxbad ",
        ),
        (
            r"\b(?:already|again and again|over and over|repeatedly) (?:sent|told|explained"
            r"|provided|given|gave|answered|asked|called|emailed|uploaded|submitted)\b",
            " cxbad ",
        ),
        (
            rf"\b(?:had|have|has|having|needed|need|needs|got) to (?!{_PRAISE_AFTER_HAD_TO}\b)"
            r"[a-z]+",
            " cxchore ",
        ),
        (
            r"\b(?:keeps|keep|kept|keeping) (?:on )?(?P<verb>[a-z]+ing)\b"
            r"(?=(?: +(?P<after>[a-z][a-z'-]*))?)",
            _repeated(lexicon),
        ),
        # -- malfunction: things happening by themselves, screens going blank --
        (
            r"\b(?:by (?:itself|themselves)|on (?:its|their) own|empties itself|resets itself)\b",
            " cxbad ",
        ),
        (
            r"\b(?:goes|went|going|turns|turned|turning|stays|stayed|is|was) (?:completely )?"
            r"(?:white|black|blank|grey|gray|dark)\b",
            " cxbad ",
        ),
        (
            r"\bkick(?:s|ed|ing)? (?:me |us |you )?(?:out|off|back)\b|\blogged (?:me )?out\b"
            r"|\b(?:signs?|signed|signing|throws?|threw|logs) (?:me|us|you) out\b"
            r"|\b(?:eats|eating|kills|killing|drains|draining|destroys) (?:my |the )?battery\b",
            " cxbad ",
        ),
        (
            r"\b(?:fell|falls|falling|fall|came|comes|coming) (?:apart|off|undone)\b"
            r"|\bstopped (?:working|charging|loading|responding|syncing|opening)\b"
            r"|\bin (?:pieces|bits|shreds)\b|\bout of (?:date|stock)\b"
            r"|\btim(?:es|ed|ing) out\b|\bblack hole\b|\bfrom a script\b",
            " cxbad ",
        ),
        # -- money --
        (
            r"\b(?:surprise|sneaky|mystery|unexpected|hidden|handling|extra|additional|admin)"
            r" (?:fees?|charges?|costs?|surcharges?)\b|\bshort[- ](?:changed|by)\b|\bcame back short\b"
            r"|\b(?:charg(?:e|es|ed|ing)|pay|paying|paid) (?:me |us )?(?:extra|more|again)\b"
            r"|\b(?:costs?|costing|charged?|charging) (?:almost |nearly |about |just )?as much as\b"
            r"|\bpric(?:ed|ing) (?:me|us|people|customers) out\b"
            r"|\b(?:left|came out of|taken from|out of) my (?:account|card|bank)\b",
            " cxbad ",
        ),
        (
            r"\b(?:got|get|getting|had|received) (?:my|the|our) money back\b"
            r"|\bmoney (?:was )?back\b",
            " cxgood ",
        ),
        (
            rf"{_MONEY}(?: \w+){{0,2}} for (?:a|an|one|just|this|that|the|my|some|basic|plain)\b[^.!]*\?",
            " cxbad ",
        ),
        # -- support --
        (
            r"\b(?:different|conflicting|contradictory|contradicting) (?:answers?|information"
            r"|stories|responses|replies|excuses?)\b",
            " cxbad ",
        ),
        (rf"\bno (?:real |proper |actual |further )?{_AWAITED}\b", " cxbad "),
        (
            r"\bkept (?:me|us) (?:updated|informed|posted|in the loop)\b"
            r"|\b(?:before|without) (?:i|me|us|we|having)(?: even| ever)? (?:noticed|asked|asking"
            r"|had to ask|having to ask|knew|to ask)\b"
            r"|\b(?:made|makes|make) up for\b|\bbang for (?:your|the|my|our) bucks?\b",
            " cxgood ",
        ),
        (
            r"\bwithout (?:any )?(?:assistance|instructions|a hitch|trouble|effort"
            r"|a manual|a problem)\b",
            " cxgood ",
        ),
        (
            r"\b(?:exactly )?(?:as|like) (?:described|pictured|advertised|promised|shown|expected)\b"
            r"|\bexactly what (?:i|we) (?:\w+ )?(?:needed|wanted|ordered|asked for|was looking for"
            r"|type|typed|searched for|expected)\b|\bdoes what it says\b",
            " cxgood ",
        ),
        (
            r"\bthanks for nothing\b|\bwithout (?:any )?(?:warning|notice|reminder|consent"
            r"|permission)\b|\btoo (?:long|short|small|big|tight|loose|narrow|wide|heavy)\b"
            r"|\b(?:quality|standards?|service) (?:has |have |had )?(?:dropped|declined|slipped"
            r"|worsened|deteriorated|gone down)\b",
            " cxbad ",
        ),
        (
            r"\b(?:no|without) (?:nasty |unpleasant |hidden )?surprises\b"
            r"|\b(?:made|makes|make) a (?:real |big |huge |massive )?difference\b"
            r"|\b(?:will|should|would|'ll) last (?:for )?(?:years|ages|forever|a lifetime)\b"
            r"|\b(?:called|rang|phoned|emailed|messaged|contacted|texted) (?:me|us) (?:back )?to"
            r" (?:check|make sure|confirm|see|apologi[sz]e|let (?:me|us) know|offer)\b"
            r"|\binside out\b",
            " cxgood ",
        ),
        # complaint questions
        (
            r"^why\b|\bwhy (?:do|does|did|is|are|was|were|can'?t|won'?t|would|on earth|must)\b"
            r"|\bhow (?:hard|difficult) (?:is it|can it be)\b|\bwhat happened to\b",
            " cxmeh ",
        ),
        # -- last: a negated function verb that is in no lexicon is a failure --
        (
            rf"\b{NEGATORS}(?: +{_FILLERS})? +(?P<verb>[a-z][a-z'-]*)\b"
            r"(?=(?: +(?P<after>[a-z][a-z'-]*))?)",
            _failed_function(lexicon),
        ),
    ]


def constructions(lexicon: dict[str, float]) -> tuple[Rewrite, ...]:
    """The compiled rules; `lexicon` (VADER's words with ours) tells the sentiment words, which
    VADER negates itself, from the function verbs whose negation is a failure."""
    return tuple((re.compile(pattern), repl) for pattern, repl in _specs(lexicon))
