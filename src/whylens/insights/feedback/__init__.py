"""Customer feedback: sentiment and themes of what people wrote, NPS/CSAT trends, and how
answers relate to what the same persons did (churn, feature use, the days before answering).
Each analysis takes a date range, property filters and a segment, as every analysis does
(scoped.py says what they mean for answers)."""

from whylens.insights.feedback.behavior import feedback_behavior
from whylens.insights.feedback.listing import feedback_list
from whylens.insights.feedback.sentiment import SentimentScorer, score_texts
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.themes import feedback_themes
from whylens.insights.feedback.transformer import ModelScorer, load_model
from whylens.insights.feedback.trends import feedback_trends

__all__ = [
    "ModelScorer",
    "SentimentScorer",
    "feedback_behavior",
    "feedback_list",
    "feedback_themes",
    "feedback_trends",
    "load_model",
    "score_feedback",
    "score_texts",
]
