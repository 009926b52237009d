"""Measuring the engine against labelled data: stories (BCubed), story pairs (Pearson), search,
clutter removal and titles, and entities."""
