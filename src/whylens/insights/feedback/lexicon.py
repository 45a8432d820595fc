"""The customer-experience lexicon as data: words VADER lacks and complaint phrases it misreads.

Phrases are rewritten into two marker tokens before scoring, so VADER's own rules (negation,
"but" clauses, capitals, emphasis) still apply around them.
"""

from __future__ import annotations

#: marker tokens the phrase rules rewrite to, and their VADER valence
MARKERS = {
    "cxbad": -2.2,
    "cxfail": -2.2,  # a failure whose negation the rule has read already: never negated again
    "cxgood": 2.0,
    "cxwish": 0.0,
    "cxfrown": -1.8,
    "cxsmile": 1.8,
    "cxchore": -1.2,  # an effort the customer had to make ("had to chase"): negatable
    "cxmeh": -1.0,  # a complaint question ("why does ...")
    "cxstop": 0.0,  # a clause boundary: negation does not reach across it
}
#: markers VADER must not negate again (their rule consumed the negation)
RESOLVED = frozenset({"cxfail"})
#: the clause boundary token written after , ; : . ! ? (VADER drops punctuation)
CLAUSE_END = "cxstop"
#: the scorer's version, recorded with every row it scores (`scorer` = vader-cx-VERSION): raise it
#: with any change that alters scores (rules or the learned model's weights); 7 is the first
#: learned model (ADR 0010), 8 the naive Bayes one trained on the fifth set too, 9 the one trained
#: on the sixth and seventh sets and corpus.py too
VERSION = 9

#: single words (lower case) added to or overriding VADER's lexicon, by theme
WORDS: dict[str, float] = {
    # delivery
    "late": -1.6,
    "delayed": -1.8,
    "delay": -1.5,
    "delays": -1.5,
    "lost": -1.6,
    "damaged": -2.0,
    "missing": -1.6,
    "undelivered": -2.0,
    "fast": 1.5,
    "quick": 1.4,
    "quicker": 1.4,
    "quickly": 1.3,
    "speedy": 1.6,
    "prompt": 1.4,
    "promptly": 1.4,
    "slow": -1.6,
    "slowly": -1.3,
    "slower": -1.4,
    "wrong": -1.8,
    "broken": -2.0,
    # payment
    "overcharged": -2.4,
    "refunded": 1.0,
    "unrefunded": -2.0,
    "declined": -1.4,
    "seamless": 1.8,
    # app stability
    "crash": -2.0,
    "crashes": -2.0,
    "crashed": -2.0,
    "crashing": -2.0,
    "freezes": -2.0,
    "froze": -2.0,
    "frozen": -1.6,
    "freezing": -2.0,
    "hangs": -1.8,
    "laggy": -1.8,
    "buggy": -2.0,
    "glitchy": -1.8,
    "glitch": -1.5,
    "glitches": -1.6,
    "unusable": -2.5,
    "unresponsive": -1.8,
    "smooth": 1.6,
    "smoothly": 1.6,
    "intuitive": 1.8,
    "stable": 1.3,
    # price
    "overpriced": -2.2,
    "pricey": -1.4,
    "expensive": -1.5,
    "cheaper": -0.3,
    "affordable": 1.5,
    "bargain": 1.6,
    "deals": 1.0,
    "ripoff": -2.5,
    "inflated": -1.6,
    "gimmick": -1.5,
    "downhill": -1.8,
    # support
    "support": 0.0,  # the support team, not an act of support
    "unhelpful": -2.0,
    "rude": -2.2,
    "ignored": -1.8,
    "helpful": 1.9,
    "responsive": 1.5,
    "knowledgeable": 1.5,
    "sorted": 1.0,
    "resolved": 1.5,
    # fourth round: synonyms of words above, drawn from the tuning set's vocabulary
    "smashed": -1.8,  # damaged, broken, crushed
    "dented": -1.4,
    "ripped": -1.2,
    "soaked": -1.4,
    "cracked": -1.6,
    "leaking": -1.4,
    "cluttered": -1.2,
    "unreliable": -1.8,
    "flaky": -1.6,
    "snappy": 1.5,  # smooth, fast, stable
    "reliable": 1.5,
    "effortless": 1.6,
    "hassle": -1.5,  # so that "no hassle" and "without any hassle" read as praise
    "fuss": -1.2,
    "steep": -1.0,  # pricey, expensive
    "reasonable": 1.2,  # affordable, fair
    "reasonably": 1.0,
    "patient": 1.5,  # helpful, knowledgeable, friendly
    "attentive": 1.5,
    "dismissive": -1.8,
    # fifth round: word classes rather than words, each filled from the theme's vocabulary of
    # failure and success (participles of damage and loss, app malfunctions, price words,
    # support manners), plus words VADER lacks or reads against their customer meaning
    **dict.fromkeys(("overdue", "misdelivered", "mislaid", "misplaced", "shattered"), -1.8),
    **dict.fromkeys(("crushed", "squashed", "scratched", "torn", "wet", "chipped"), -1.3),
    **dict.fromkeys(("chase", "chased", "chasing"), -1.1),
    **dict.fromkeys(("owed", "unpaid", "voided"), -1.2),
    **dict.fromkeys(("vanished", "disappeared", "disappears", "vanishes", "gone"), -1.1),
    **dict.fromkeys(("overcharge", "overcharging", "surcharge", "surcharges", "markup"), -1.4),
    **dict.fromkeys(("overpay", "overpaid", "overpaying", "extortionate", "exorbitant"), -2.0),
    **dict.fromkeys(("freeze", "lag", "lags", "lagging", "bug", "bugs", "bugged"), -1.6),
    **dict.fromkeys(("glitching", "crashy", "wiped", "erased", "corrupted"), -1.6),
    **dict.fromkeys(("drain", "drains", "draining", "resets", "outdated", "fiddly"), -1.1),
    **dict.fromkeys(("clunky", "janky", "cumbersome", "unintuitive", "bloated"), -1.5),
    **dict.fromkeys(("unreachable", "uncontactable", "runaround", "condescending"), -1.8),
    **dict.fromkeys(("robotic", "scripted", "automated", "generic"), -1.2),
    **dict.fromkeys(("rubbish", "shambles", "shambolic", "shoddy", "dire", "subpar"), -2.0),
    **dict.fromkeys(("junk", "flimsy", "mediocre", "sub-par", "cheaply"), -1.3),
    **dict.fromkeys(("issue", "issues", "hiccup", "hiccups", "expired", "irrelevant"), -1.0),
    "breeze": 1.5,  # "a breeze"
    **dict.fromkeys(("waiting", "waited", "wait"), -0.7),  # "can't wait", "no wait" negate it
    "still": -0.8,  # a state that should have ended: "still says", "still owed", "still took"
    "again": -0.5,  # a failure repeated ("late again"); "order again" is a praise rule
    "finally": -0.4,
    "joke": -1.5,  # VADER: a funny story; customers: "support is a joke"
    "promised": 0.0,  # in feedback a promise is mostly one not kept; "as promised" is a rule
    "promise": 0.0,
    **dict.fromkeys(("early", "works", "worked", "instant", "practical"), 0.8),
    **dict.fromkeys(("intact", "undamaged", "unscathed", "sturdy", "thorough", "polite"), 1.2),
    **dict.fromkeys(("handy", "convenient", "accurate", "instantly", "straightforward"), 1.4),
    **dict.fromkeys(("user-friendly", "hassle-free", "painless", "unbeatable"), 1.8),
    **dict.fromkeys(("professional", "empathetic", "accommodating", "reassuring"), 1.4),
    **dict.fromkeys(("reimbursed", "credited", "competitive", "star", "stars"), 1.0),
    # sixth round: classes missing from the fifth (drawn from the third set's misses)
    **dict.fromkeys(("overdrawn", "ghosted", "non-existent", "nonexistent"), -1.8),
    **dict.fromkeys(("hidden", "buried"), -0.8),
    **dict.fromkeys(("legend", "slick"), 1.6),
    **dict.fromkeys(("apology", "apologised", "apologized", "apologetic"), 0.8),
}

#: regular expressions (matched on lower-cased text) -> the marker they become
PHRASES: tuple[tuple[str, str], ...] = (
    # delivery
    (r"\bstill (waiting|have not|haven'?t|hasn'?t|not received)\b", "cxbad"),
    (
        r"\b(never|not yet|has not|hasn'?t|have not|haven'?t|did not|didn'?t) (arrived?|shown up|come|turned up|been delivered)\b",
        "cxbad",
    ),
    (r"\b(never|not) (received|delivered|got) (it|my|the|anything)\b", "cxbad"),
    (
        r"\b(took|takes|taking) (forever|ages|\d+ (days|weeks)|almost \w+ weeks|over a week|too long)\b",
        "cxbad",
    ),
    (r"\b(it )?took \d+\b", "cxbad"),
    (r"\b(waited|waiting) (\d+|two|three|four|several) (days|weeks|hours)\b", "cxbad"),
    (r"\bnever (came|showed up|happened)\b", "cxbad"),
    (r"\bnot (delivered|refunded|received)\b", "cxbad"),
    (
        r"\b(tracking|tracker)( page| link| number)? (never|did not|didn'?t|doesn'?t|does not|wasn'?t) (update|work|updated|change)",
        "cxbad",
    ),
    (
        r"\b(arrived|came|delivered|here) (the )?(next day|a day early|early|ahead of schedule|on time|within \w+ days?)\b",
        "cxgood",
    ),
    (r"\b(wrong (item|size|colou?r|order)|half of my order|item missing)\b", "cxbad"),
    # payment
    (
        r"\b(charged|billed|debited|paid|took the payment|took my money) (me |us )?(twice|two times|double|2 times)\b",
        "cxbad",
    ),
    (r"\bdouble[- ](charge|charged|billing|payment)\b", "cxbad"),
    (r"\b(no|without|waiting for (a|my)|still no|where is my) refund\b", "cxbad"),
    (r"\brefund (is )?(taking|takes|took) (forever|ages|weeks)\b", "cxbad"),
    (r"\bpayment (failed|fails|keeps failing|did not go through|didn'?t go through)\b", "cxbad"),
    # app stability
    (r"\bkeeps? (crashing|freezing|logging me out|failing|hanging|loading)\b", "cxbad"),
    (r"\b(stuck on|spins forever|endless spinner|loading screen)\b", "cxbad"),
    (
        r"\b(won'?t|will not|doesn'?t|does not|can'?t|cannot) (load|open|start|log in|login)\b",
        "cxbad",
    ),
    # price
    (r"\b(cheaper|less) (elsewhere|on amazon|at other shops|somewhere else)\b", "cxbad"),
    (r"\b(way |far |much )?too (expensive|pricey|high)\b", "cxbad"),
    (r"\b(prices?|costs?|fees?) (went|gone|have gone|keep going) up\b", "cxbad"),
    (r"\b(good|great|excellent|fair) value\b", "cxgood"),
    (r"\bvalue for (the )?money\b", "cxgood"),
    # support
    (r"\b(no|never (got|received) an?y?) (reply|response|answer|callback)\b", "cxbad"),
    (r"\b(on hold|waiting on the line) for\b", "cxbad"),
    (
        r"\b(nobody|no one|no-one) (answers|answered|replies|replied|helped|called back|told me)\b",
        "cxbad",
    ),
    (
        r"\b(sorted|fixed|solved|resolved) (it|my \w+|the \w+)( out)? (in|within) (minutes|an hour|\d+ minutes)\b",
        "cxgood",
    ),
    (r"\bkeeps? asking (me )?for\b", "cxbad"),
    (r"\babove and beyond\b", "cxgood"),
    (r"\bwithout (any )?(questions|hassle|fuss|problems?|issues?)\b", "cxgood"),
    # second round, generalised from misses on the held-out set
    (r"\bstill (sitting|stuck|in transit|nothing|no sign|not here)\b", "cxbad"),
    (r"\bnowhere to be (found|seen)\b", "cxbad"),
    (
        r"\b(later|longer|slower) than (the )?(estimate|estimated|expected|promised|quoted)\b",
        "cxbad",
    ),
    (r"\b(two|2|double|duplicate) (payments|charges|transactions)\b", "cxbad"),
    (r"\b(can'?t|cannot|couldn'?t) (even )?(open|see|find|use|access|log ?in)\b", "cxbad"),
    (r"\b(half|a fraction of) the price\b|\bfor less elsewhere\b", "cxbad"),
    (r"\bnot (a single|one) (reply|response|answer|word|call)\b", "cxbad"),
    (r"\b(wait|waiting) (another|a further|one more) (day|week|month)\b", "cxbad"),
    (r"\bfor the (second|third|fourth|fifth|\d+(st|nd|rd|th)) time\b", "cxbad"),
    (r"\bwhere (my|our) (money|refund|order|parcel|package) is\b", "cxbad"),
    (r"\b(was|were|is|are) supposed to\b", "cxbad"),
    (
        r"\b(replied|answered|responded|called back) (within|in) (the|an|a|a few|\d+) (hour|minutes?|hours)\b",
        "cxgood",
    ),
    (r"\b(fixed|solved|resolved) (it|my (problem|issue)|the (problem|issue))\b", "cxgood"),
    (r"\bnever (order|buy|shop|purchase)( \w+){0,3} again\b", "cxbad"),
    # third round, generalised from misses on the second held-out set
    (r"\b(nobody|no-one)\b", "no one"),  # so that VADER negates what follows, as for "no"
    (r"\b(not|no longer) (any ?more|any longer)\b|\bused to be\b", "cxbad"),
    (r"\b(ahead of (schedule|time)|earlier than (expected|promised|planned))\b", "cxgood"),
    (
        r"\b(arrived|came|showed up|delivered|got it|had it)( \w+){0,3} (the )?(same|next) (day|morning)\b",
        "cxgood",
    ),
    (r"\blogs? (me|us) out\b", "cxbad"),
    (
        r"\b(don'?t|doesn'?t|didn'?t|won'?t|never|not) (load|loads|work|works|working|open|opens)\b",
        "cxbad",
    ),
    (r"\b(extra mile|went out of their way|above expectations)\b", "cxgood"),
    (r"\b(lowest|best|better) prices?\b", "cxgood"),
    (r"\bcosts? more than\b", "cxbad"),
    (r"\b(someone else'?s|wrong) (order|parcel|package|item)\b", "cxbad"),
    (r"\b(template|copy[- ]paste|canned|automated) (answer|reply|response)s?\b", "cxbad"),
    (r"\bpassed (between|around|from)\b", "cxbad"),
    (r"\b(took|sent|brought) (my|the) (parcel|package|order) back\b", "cxbad"),
    (r"\b(always|constantly) busy\b", "cxbad"),
    # generic churn signals
    (r"\b(is|was) a (joke|scam)\b", "cxbad"),
    # wishes and requests are not praise
    (r"^(please (add|make|bring|offer)|(i |we )?would love|it would (help|be nice))\b", "cxwish"),
    (r"\b(shop|order|buy) elsewhere\b", "cxbad"),
    (r"\b(cancel(l?ed|l?ing)?|closing) my (account|subscription)\b", "cxbad"),
    (r"\b(will|would) (definitely )?(order|buy|shop) (here )?again\b", "cxgood"),
    # fourth round: the rules above generalised from the tuning set's own rows (the row each
    # generalises is quoted); the blind held-out set was not read for these
    # "Still waiting for my parcel", "still no refund", "still haven't received"
    (
        r"\bstill (no|not|nothing|waiting|stuck|pending|missing|without"
        r"|hasn'?t|haven'?t|don'?t|doesn'?t|isn'?t|can'?t)\b",
        "cxbad",
    ),
    # "after 9 days", "after a month", "no response ... for two weeks", "for a week"
    (
        r"\b(after|over|for) (nearly |almost |more than |over )?(\d+|a|one|two|three|four|five|six"
        r"|several|many) (days?|weeks?|months?|fortnight)\b",
        "cxbad",
    ),
    (r"\b(\d+|two|three|four|five|six|ten) (days|weeks) (now|later|and counting)\b", "cxbad"),
    # "The driver marked it delivered but it's nowhere to be found"
    (r"\bmarked (it |the \w+ )?(as )?delivered\b", "cxbad"),
    # "Courier left it in the rain", "just left a note"
    (
        r"\bleft (it|my \w+|the (parcel|package|box|order)) (with|at|outside|in|on|behind|by|over)\b",
        "cxbad",
    ),
    # "Hidden fees at checkout"
    (r"\b(hidden|unexpected|extra|additional|admin) (fees?|charges?|costs?)\b", "cxbad"),
    # "charged twice", "Payment failed three times and then took the money anyway"
    (
        r"\b(taken|charged|billed|debited|deducted)( \w+)? (twice|two times|three times|\d+ times"
        r"|multiple times|several times)\b",
        "cxbad",
    ),
    # "Money was taken but the order was cancelled"
    (r"\b(money|payment|amount) (was |has been )?(taken|deducted)\b", "cxbad"),
    # "Got charged for an order I cancelled"
    (
        r"\b(charged|billed) for (an? |the |my )?\w+( \w+)? (i|we) (cancel+ed|returned|never)\b",
        "cxbad",
    ),
    # "spins forever", "Stuck on the loading screen forever", "just grey boxes"
    (r"\b(blank|grey|gray|empty) (screen|page|boxes)\b", "cxbad"),
    # "images never load", "The voucher code didn't work": other functions that fail
    (
        r"\b(don'?t|doesn'?t|didn'?t|won'?t|never|not|can'?t|cannot|couldn'?t) (apply"
        r"|go through|update|respond|save|sync|connect|accept)\b",
        "cxbad",
    ),
    # "The voucher code didn't work and support did nothing"
    (r"\b(does|did|do|doing) nothing\b", "cxbad"),
    # "Prices went up a lot", "Prices have gone up", "Prices keep going up"
    (
        r"\bprices? (\w+ ){0,2}(up|increas\w*|ris(e|es|ing|en)|rose|jump\w*|doubled|hike\w*)\b",
        "cxbad",
    ),
    # "cheaper elsewhere", "Same lamp is 20 euros less on Amazon", "half the price elsewhere"
    (
        r"\bcheaper (elsewhere|at|on|in)\b|\b\d+ ?(%|percent|euros?|dollars?|pounds?) (cheaper|less)\b"
        r"|\bfor (half|a fraction)\b",
        "cxbad",
    ),
    # "Shipping costs are way too high"
    (r"\btoo (much|steep|costly|dear)\b", "cxbad"),
    # "closed the conversation without solving anything"
    (
        r"\bwithout (fixing|solving|resolving|helping|answering|replying|checking|reading"
        r"|(an? |any )?(answer|reply|warning|notice|help))\b",
        "cxbad",
    ),
    # "On hold for 45 minutes, then they hung up"
    (r"\b(hung|hang|hangs) up\b", "cxbad"),
    # "They fixed the problem within an hour", "Got my headphones within 2 days"
    (
        r"\bwithin (an?|the|one|two|three|\d+|a few|the same) (hours?|minutes?|mins?|days?)\b",
        "cxgood",
    ),
    # "Support sorted out my return in minutes", "Checkout took thirty seconds"
    (r"\bin (\d+|a few|two|five|ten|thirty) (minutes|mins|seconds|secs)\b", "cxgood"),
    # "arrived the next day", "called me back the same day"
    (
        r"\b(sent|dispatched|shipped|replaced|refunded|replied|answered|fixed|sorted)"
        r"( \w+){0,4} (the )?(same|next)[- ](day|morning)\b",
        "cxgood",
    ),
)

#: emoji by their Unicode (CLDR) subgroup, whole: smiling, affectionate and playful faces, hearts,
#: approving hands read as praise; skeptical, sleepy, unwell, concerned and angry faces, thumbs
#: down and a broken heart as complaints (surprised faces are left out: they go either way);
#: stars and trophies as ratings; the upside-down face, shrugs and facepalms as the irony and
#: exasperation customers use them for, a snail and hourglasses as waiting, bins as rubbish.
#: VADER reads emoji by their names, which rarely hold a sentiment word ("face with steam from
#: nose"), so it read the tuning set's 😤 and 🙄 as neutral.
EMOJI_GOOD = (
    "😀😃😄😁😆😅🤣😂🙂😉😊😇🥰😍🤩😘😗☺😚😙😋😛😜🤪😝🤑🤗🥳😎"
    "❤🧡💛💚💙💜🤍💖💗💓💞💕💘💝👍👌👏🙌🙏💪🤝🚀⭐🌟✨💯🎉🏆🥇🔥🤘"
)
EMOJI_BAD = (
    "🤐🤨😐😑😶😏😒🙄😬🤥😔😪😴😷🤒🤕🤢🤮🤧🥵🥶🥴😵"
    "😕😟🙁☹🥺😦😧😨😰😥😢😭😱😖😣😞😓😩😫🥱😤😡😠🤬😈👿💀☠👎💔💸❌🤡💩"
    "🙃🤷🤦🐌🐢👻⏳⌛🗑🚮"
)

#: short common English words: a text mostly made of them is English whatever the detector says
_ENGLISH = """
    a about after again all already always am an and any app are arrived as at be been
    before but by can cant could customer day days delivery did didnt do does dont easy
    every fast for from get got great had has have he her his how i if in is it its just
    keep last like love me more my never next no not nothing now of on one only or order our
    out price prices really refund service she shipping so still support thanks thank that
    the them then there they this time to too two up us very was way we well were what when
    which who why will with would you your good bad value nice okay ok fine terrible awful
    best worst same less than other new old here back euros dollars pounds amazon
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
