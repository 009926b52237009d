"""A corpus of many events of a few kinds in many places, written from templates.

Every pairing of a city and a kind of disaster happens once, in articles that
differ only in place, people, figures and dates: the worst case for
storyline linking, which must not chain "a flood in A" to "a flood in B" to
"a fire in B" until everything is one storyline. A few events have
follow-ups (the toll rises, an inquiry opens) that are the storylines to find.
Labels are storylines (``level: storyline``); ``event`` names each event.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

CITIES = [("Valencia", "Spain"), ("Izmir", "Turkey"), ("Chittagong", "Bangladesh"), ("Mosul", "Iraq"),
          ("Cebu", "the Philippines"), ("Lagos", "Nigeria"), ("Tijuana", "Mexico"), ("Odesa", "Ukraine"),
          ("Surabaya", "Indonesia"), ("Recife", "Brazil"), ("Multan", "Pakistan"), ("Kandy", "Sri Lanka")]
KINDS = ["flood", "earthquake", "wildfire", "landslide", "cyclone", "building collapse", "train derailment",
         "factory fire", "bridge collapse", "ferry capsizing"]
GIVEN = ["Maria", "Ahmet", "Rahim", "Yusuf", "Joselito", "Chidi", "Alejandra", "Olena", "Budi", "Tiago",
         "Imran", "Nimal", "Carmen", "Selin", "Farid", "Omar", "Liza", "Emeka", "Rosa", "Petro"]
FAMILY = ["Ortega", "Kaya", "Chowdhury", "al-Jubouri", "Santos", "Okafor", "Ramirez", "Kovalenko", "Santoso",
          "Almeida", "Qureshi", "Perera", "Lozano", "Demir", "Hossain", "Hamdan", "Reyes", "Eze", "Navarro",
          "Bondar"]
# Each kind is told its own way, as a wire report of it would be: the same kind
# reads alike from one city to the next, two kinds in one city share the city only.
REPORTS = {
    "flood": ("Floods in {city} leave {dead} dead",
              "Rivers burst their banks around {city} after three days of torrential rain, and at least {dead} "
              "people drowned, officials in {country} said on {weekday}. Boats evacuated {hurt} families from "
              "flooded neighbourhoods. \"The water rose faster than anyone expected,\" said {official}, who heads "
              "the civil protection service."),
    "earthquake": ("Magnitude 6.1 quake shakes {city}, {dead} killed",
                   "A magnitude 6.1 earthquake struck near {city} on {weekday}, toppling older houses and killing "
                   "{dead} people, seismologists in {country} reported. Dozens of aftershocks followed and {hurt} "
                   "people were treated for injuries. {official} of the national seismic institute warned of "
                   "further tremors."),
    "wildfire": ("Wildfire near {city} kills {dead}, thousands flee",
                 "Strong winds drove a wildfire through pine forests outside {city} on {weekday}, killing {dead} "
                 "people and forcing thousands to flee. Firefighters with water-bombing aircraft fought the blaze "
                 "overnight, said {official}, the fire chief, adding that {hurt} homes had burned."),
    "landslide": ("Landslide buries homes in {city} hills",
                  "A rain-soaked hillside collapsed above {city} on {weekday}, burying homes under mud and rock. "
                  "At least {dead} bodies have been recovered and {hurt} residents are missing, said {official}, "
                  "the district administrator, as excavators dug through the debris."),
    "cyclone": ("Cyclone makes landfall near {city}",
                "A cyclone with winds of 180 km/h made landfall near {city} on {weekday}, tearing off roofs, "
                "felling trees and cutting power to most of the coast. {dead} people died and {hurt} were hurt, "
                "the meteorological office of {country} said. {official} ordered schools closed."),
    "building collapse": ("Apartment block collapses in {city}",
                          "A six-storey apartment block in {city} came down in seconds on {weekday}, killing {dead} "
                          "residents. Engineers blamed illegal extra floors added last year. {official}, the city's "
                          "chief building inspector, said {hurt} other blocks would be checked."),
    "train derailment": ("Passenger train derails outside {city}",
                         "Several carriages of a passenger train bound for {city} left the tracks at a junction on "
                         "{weekday} and overturned, killing {dead} travellers and injuring {hurt}. The railway "
                         "operator said a signal fault was suspected; {official}, the transport minister of "
                         "{country}, visited the site."),
    "factory fire": ("Garment factory fire in {city} kills {dead} workers",
                     "Flames swept through a garment factory in {city} during the night shift on {weekday}, "
                     "trapping workers behind locked exits. {dead} workers died and {hurt} were taken to hospital "
                     "with burns, said {official}, a labour inspector, who promised to prosecute the owners."),
    "bridge collapse": ("Road bridge in {city} collapses at rush hour",
                        "A road bridge over the river in {city} gave way during the evening rush hour on {weekday}, "
                        "dropping cars and a bus into the water. Divers recovered {dead} bodies; {hurt} people were "
                        "rescued, said {official}, the public works secretary."),
    "ferry capsizing": ("Overloaded ferry capsizes off {city}",
                        "An overloaded ferry carrying passengers from {city} to nearby islands capsized in rough "
                        "seas on {weekday}. The coast guard of {country} said {dead} people drowned and {hurt} were "
                        "pulled from the water; {official}, the harbour master, said the ferry had no licence."),
}
START = date(2024, 9, 2)
WITH_FOLLOW_UPS = 8


def _first(city: str, country: str, kind: str, official: str, dead: int, hurt: int, day: date) -> dict:
    title, body = REPORTS[kind]
    slots = dict(city=city, country=country, official=official, dead=dead, hurt=hurt, weekday=f"{day:%A}")
    return {"title": title.format(**slots), "text": f"{city}, {day:%B} {day.day} - " + body.format(**slots)}


def _toll_rises(city: str, country: str, kind: str, official: str, dead: int, day: date) -> dict:
    return {
        "title": f"{city} {kind}: toll rises to {dead} as aid convoys arrive",
        "text": (f"{city}, {day:%B} {day.day} - The number of people killed in the {kind} in {city} rose to {dead} "
                 f"on {day:%A}, as the first aid convoys reached the worst-hit districts. Governor {official} said "
                 f"shelters in {city} now hold thousands of families who lost their homes, and appealed to the "
                 f"government of {country} for more tents and clean water."),
    }


def _inquiry(city: str, country: str, kind: str, official: str, day: date) -> dict:
    return {
        "title": f"Inquiry opened into {city} {kind} response",
        "text": (f"{city}, {day:%B} {day.day} - Prosecutors in {country} opened an inquiry on {day:%A} into the "
                 f"response to the {kind} in {city}, after families said warnings came too late. Governor "
                 f"{official} said his office would hand over every record of the emergency calls."),
    }


def similar_events(seed: int = 11, spread_days: int = 50) -> list[dict]:
    """The corpus's records, in no particular order of time."""
    rng = random.Random(seed)
    records = []
    pairs = [(city, kind) for city in CITIES for kind in KINDS]
    follow = set(rng.sample(range(len(pairs)), WITH_FOLLOW_UPS))
    for n, ((city, country), kind) in enumerate(pairs):
        official = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        day = START + timedelta(days=rng.randrange(spread_days))
        dead, hurt = rng.randint(4, 90), rng.randint(10, 300)
        line = f"{city}-{kind}".replace(" ", "-").lower()
        articles = [(_first(city, country, kind, official, dead, hurt, day), day, "struck")]
        if n in follow:
            later = day + timedelta(days=rng.randint(2, 4))
            articles.append((_toll_rises(city, country, kind, official, dead + rng.randint(5, 40), later), later,
                             "toll"))
            last = later + timedelta(days=rng.randint(4, 9))
            articles.append((_inquiry(city, country, kind, official, last), last, "inquiry"))
        for record, when, step in articles:
            records.append({"id": f"{line}-{step}", **record, "date": when.isoformat(), "label": line,
                            "event": f"{line}-{step}", "level": "storyline"})
    return records


def write_corpus(path: Path, seed: int = 11, spread_days: int = 50) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in similar_events(seed, spread_days):
            out.write(json.dumps(record) + "\n")
    return path
