"""PostHog survey answers (`survey sent` events) as feedback rows, in SQL over the events' JSON.

An event carries `$survey_id`, `$survey_questions` (objects with `id` and `question`, or plain
question texts) and one property per answer: `$survey_response_<question id>`, or the older
`$survey_response` (first question) and `$survey_response_<n>` (question n, from 0). A rating
becomes a score whose kind its scale gives; an open answer becomes a text; choices are left out.
An answer's id comes from its submission (or event) and question, so a re-import adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from whylens.engines.base import Engine
from whylens.model.feedback import RANGES

SURVEY_EVENT = "survey sent"
#: the `source` of feedback rows made from survey events
SOURCE = "survey"
_PREFIX = "$survey_response"

_ANSWERS = """
WITH sent AS (
    SELECT event_id, person_id, timestamp, properties AS p FROM events
    WHERE project_id = $p AND event = $event {only_load}
),
questions AS (
    SELECT event_id, i AS position, json_extract(qs, '$[' || i || ']') AS q
    FROM (SELECT event_id, json_extract(p, '/$survey_questions') AS qs FROM sent)
    CROSS JOIN unnest(range(CASE WHEN json_type(qs) = 'ARRAY'
        THEN CAST(json_array_length(qs) AS BIGINT) ELSE 0
        END)) t(i)
),
question AS (
    SELECT event_id, position, q ->> 'id' AS question_id,
        coalesce(q ->> 'question', CASE WHEN json_type(q) = 'VARCHAR' THEN q ->> '$' END)
            AS question,
        TRY_CAST(q ->> 'scale' AS INTEGER) AS scale, lower(q ->> 'type') AS question_type
    FROM questions
),
answer AS (
    SELECT s.*, k AS key, CASE WHEN k = $prefix THEN '' ELSE substr(k, length($prefix) + 2) END
            AS suffix,
        json_extract(p, '/' || replace(replace(k, '~', '~0'), '/', '~1')) AS v
    FROM sent s CROSS JOIN unnest(json_keys(p)) t(k)
    WHERE k = $prefix OR starts_with(k, $prefix || '_')
),
matched AS (
    SELECT a.*, q.position, q.question_id, q.question, q.scale, q.question_type,
        json_type(a.v) AS vtype,
        CASE WHEN json_type(a.v) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(a.v AS DOUBLE)
             WHEN json_type(a.v) = 'VARCHAR' THEN TRY_CAST(trim(a.v ->> '$') AS DOUBLE) END
            AS number,
        CASE WHEN json_type(a.v) = 'VARCHAR' THEN nullif(trim(a.v ->> '$'), '') END AS words
    FROM answer a LEFT JOIN question q ON q.event_id = a.event_id AND (
        q.question_id = a.suffix OR replace(q.question_id, '-', '_') = a.suffix
        OR (a.suffix = '' AND q.position = 0)
        OR (regexp_full_match(a.suffix, '[0-9]+') AND q.position = TRY_CAST(a.suffix AS INTEGER)))
    QUALIFY row_number() OVER (
        PARTITION BY a.event_id, a.key ORDER BY (q.question_id = a.suffix) DESC NULLS LAST,
            q.position
    ) = 1
),
typed AS (
    SELECT *,
        CASE WHEN question_type = 'open' THEN 'text'
             WHEN question_type = 'rating' AND number IS NOT NULL THEN 'rating'
             WHEN question_type IS NOT NULL THEN NULL
             WHEN number IS NOT NULL THEN 'rating'
             WHEN words IS NOT NULL THEN 'text' END AS answer_type
    FROM matched
    -- the legacy first-question key repeats an answer also sent under its question id
    WHERE NOT (key = $prefix AND EXISTS (
        SELECT 1 FROM answer o WHERE o.event_id = matched.event_id AND o.key <> $prefix
            AND CAST(o.v AS VARCHAR) = CAST(matched.v AS VARCHAR)))
),
kinded AS (
    SELECT *, CASE WHEN answer_type = 'text' THEN 'text'
        WHEN answer_type = 'rating' THEN CASE
            WHEN scale IS NOT NULL THEN list_extract($kind_of_scale, list_position($scales, scale))
            WHEN regexp_matches(lower(question), 'recommend') THEN 'nps'
            WHEN regexp_matches(lower(question), 'satisf') THEN 'csat'
            WHEN regexp_matches(lower(question), '\\b(easy|easier|effort)') THEN 'ces'
            WHEN number = 0 OR number > 7 THEN 'nps' END
        END AS kind
    FROM typed
)
SELECT md5(concat_ws(chr(31), 'survey', coalesce(p ->> '/$survey_submission_id', event_id),
        coalesce(p ->> '/$survey_id', ''), coalesce(question_id, CAST(position AS VARCHAR), key)))
        AS feedback_id,
    person_id, timestamp, kind,
    CASE WHEN kind <> 'text' THEN number END AS score,
    CASE WHEN kind = 'text' THEN coalesce(words, CAST(v AS VARCHAR)) END AS text,
    json_object('survey_id', p ->> '/$survey_id', 'survey_name', p ->> '/$survey_name',
        'question_id', question_id, 'question', question, 'event_id', event_id) AS properties
FROM kinded
WHERE kind = 'text' OR (number BETWEEN list_extract($low, list_position($kinds, kind))
    AND list_extract($high, list_position($kinds, kind)))
"""


def surveys_to_feedback(
    engine: Engine, project_id: str = "default", received_at: datetime | None = None
) -> int:
    """Store the answers of survey events as feedback (only those of one load when
    `received_at` is given); returns the rows added. Answers already stored are skipped."""
    params: dict[str, Any] = {
        "p": project_id,
        "event": SURVEY_EVENT,
        "prefix": _PREFIX,
        "scales": [10, 5, 7],
        "kind_of_scale": ["nps", "csat", "ces"],
        "kinds": list(RANGES),
        "low": [low for low, _ in RANGES.values()],
        "high": [high for _, high in RANGES.values()],
        "source": SOURCE,
    }
    only_load = ""
    if received_at is not None:
        params["received_at"] = received_at
        only_load = "AND received_at = $received_at"
    before = engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
    engine.execute(
        "INSERT INTO feedback (project_id, feedback_id, person_id, timestamp, kind, score, text,"
        " source, properties)"
        " SELECT $p, a.feedback_id, a.person_id, a.timestamp, a.kind, a.score, a.text, $source,"
        " a.properties FROM (" + _ANSWERS.format(only_load=only_load) + ") a"
        " WHERE NOT EXISTS (SELECT 1 FROM feedback f"
        "  WHERE f.project_id = $p AND f.feedback_id = a.feedback_id)"
        " QUALIFY row_number() OVER (PARTITION BY a.feedback_id ORDER BY a.timestamp) = 1",
        params,
    )
    after = engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
    return int(after - before)
