"""The story view: headline, summary, entities, timeline, claims and related stories."""
