"""The repair pass (split, merge) and storyline linking, on events whose content is known."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from newsweave.cluster.state import GENERATION_KEY, AssignState
from newsweave.cluster import AssignerSettings, StoryAssigner
from newsweave.cluster.repair.records import Member, RegroupSettings
from newsweave.cluster.repair.regroup import Regrouper
from newsweave.cluster.repair.storylines import StorylineLinker
from newsweave.records import Article
from newsweave.cluster.repair.driver import repair
from newsweave.store import SQLiteStore

DIM = 8
SETTINGS = AssignerSettings(shrinkage=1e9)  # centring out of the way: the vectors mean what they say


def unit(*values: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[:len(values)] = values
    return v / np.linalg.norm(v)


def member(name: str, vector: np.ndarray, keys: str, day: float | None = 100.0, lang: str = "en") -> Member:
    return Member(name, vector, lang, Counter(keys.split()), day)


def hold(assigner: StoryAssigner, story_id: int, members: list[Member]) -> None:
    """Put ``members`` into one story of ``assigner`` as if assignment had put them there."""
    for m in members:
        assigner.observe(m.vector, m.lang, m.bag)
    days = [m.day for m in members if m.day is not None]
    bag: Counter = Counter()
    for m in members:
        bag.update(m.bag)
    assigner.add_story(story_id, np.sum([m.vector for m in members], axis=0), dict(Counter(m.lang for m in members)),
                       float(len(members)), min(days) if days else None, max(days) if days else None, bag)


# Two fires of one kind: same words of meaning nearby, different places and tolls.
FIRE_A = [member("a1", unit(1, 0.1), "k:tk n:23"), member("a2", unit(1, 0.15), "k:tk n:23 k:askl")]
FIRE_B = [member("b1", unit(0.1, 1), "k:ktkm n:9"), member("b2", unit(0.12, 1), "k:ktkm n:9 k:ptnk")]


def test_an_event_that_swallowed_two_happenings_is_cut_in_two():
    a = StoryAssigner(DIM, SETTINGS)
    swallowed = [FIRE_A[0], FIRE_B[0], FIRE_A[1], FIRE_B[1]]
    hold(a, 7, swallowed)
    regrouper = Regrouper(a)
    halves = regrouper.split_of(swallowed)
    assert halves is not None
    assert [[m.article_id for m in h] for h in halves] == [["a1", "a2"], ["b1", "b2"]]

    result = regrouper.run([7], lambda event: swallowed if event == 7 else [], {7: 7}, a.next_id)
    # The half with the event's first article keeps its id; the other half is a new event.
    assert result.split == [(7, 8)] and result.moves == {"b1": 8, "b2": 8} and not result.merged
    assert a.row_ids() == {7, 8} and a.sizes.tolist() == [2.0, 2.0]
    assert result.storylines == {8: 8}  # a storyline of its own: two fires are no storyline


def test_one_happening_is_never_cut():
    a = StoryAssigner(DIM, SETTINGS)
    one = [member(f"x{i}", unit(1, 0.05 * i), "k:tk n:23") for i in range(6)]
    hold(a, 1, one)
    assert Regrouper(a).split_of(one) is None
    # Nor are events too small to hold two happenings of two articles each.
    assert Regrouper(a).split_of([FIRE_A[0], FIRE_B[0], FIRE_A[1]]) is None


def test_two_events_of_one_happening_merge_under_the_older_id():
    a = StoryAssigner(DIM, SETTINGS)
    first = [member("p1", unit(1, 0.1), "k:ntn n:50"), member("p2", unit(1, 0.12), "k:ntn n:50 k:ktr")]
    second = [member("p3", unit(1, 0.08), "k:ntn n:50 k:ktr"), member("p4", unit(1, 0.11), "k:ntn n:50")]
    hold(a, 3, first)
    hold(a, 5, second)
    members = {3: first, 5: second}
    result = Regrouper(a).run([5], members.__getitem__, {3: 3, 5: 5}, a.next_id)
    assert result.merged == [(5, 3)] and result.moves == {"p3": 3, "p4": 3}
    assert a.row_ids() == {3} and a.sizes.tolist() == [4.0]


def test_events_days_apart_never_merge_but_can_share_a_storyline():
    a = StoryAssigner(DIM, SETTINGS)
    pause = [member("p1", unit(1, 0.1), "k:ktr"), member("p2", unit(1, 0.12), "k:ktr")]
    # The same actors 30 days later: past the event window, inside the storyline window.
    plan = [member("c1", unit(1, 0.1), "k:ktr", day=130.0), member("c2", unit(1, 0.1), "k:ktr", day=130.0)]
    hold(a, 1, pause)
    hold(a, 2, plan)
    members = {1: pause, 2: plan}
    result = Regrouper(a).run([2], members.__getitem__, {1: 1, 2: 2}, a.next_id)
    assert not result.merged and result.storylines == {2: 1}


def test_storylines_chain_over_weeks_and_stop_at_a_long_silence():
    a = StoryAssigner(DIM, SETTINGS)
    # Related, not the same (cosine 0.6, no shared anchors): a storyline link, never a merge.
    for story_id, day, vector in ((1, 100.0, unit(1, 0)), (2, 150.0, unit(0.6, 0.8)), (3, 190.0, unit(0.6, 0.8, 0.3)),
                                  (4, 400.0, unit(0.6, 0.8))):
        hold(a, story_id, [member(f"s{story_id}", vector, f"k:x{story_id}", day=day)])
    linked = StorylineLinker(Regrouper(a)).link([2, 3, 4], {1: 1, 2: 2, 3: 3, 4: 4})
    # 1 -> 2 (50 days), 2 -> 3 (40 days): one chain under the oldest id; 4 comes 210 days later.
    assert linked == {2: 1, 3: 1}
    # Linking only ever joins: what is linked stays linked.
    assert StorylineLinker(Regrouper(a)).link([4], {1: 1, 2: 1, 3: 1, 4: 4}) == {}


def test_settings_are_checked():
    with pytest.raises(ValueError, match="storyline_days"):
        RegroupSettings(storyline_days=0)
    with pytest.raises(ValueError, match="min_split_size"):
        RegroupSettings(min_split_size=3)


# -- the pass applied to a store --------------------------------------------------

def _article(name: str, n: int) -> Article:
    # The store keeps texts, not bags: each fire's place is its one name.
    place = "Tongi" if name.startswith("a") else "Patenga"
    return Article(id=name, origin=f"/c/{name}.txt", title=f"{place} fire", text=f"fire report {n}.", lang="en",
                   lang_confidence=0.99, published="2024-03-10", date_method="text", content_hash=f"h-{name}")


def _stored(store: SQLiteStore, groups: dict[int, list[Member]]) -> None:
    with store.transaction():
        for story_id, members in groups.items():
            probe = StoryAssigner(DIM, SETTINGS)
            hold(probe, story_id, members)
            store.save_story(probe.story_summary(story_id))
            for n, m in enumerate(members):
                store.put_embedding(f"k-{m.article_id}", m.vector)
                store.add_article(_article(m.article_id, n), story_id, 0.9, f"k-{m.article_id}",
                                  np.arange(8, dtype=np.uint64) + hash(m.article_id) % 1000, None)


def test_repair_moves_articles_in_the_store_and_other_writers_follow(tmp_path):
    with SQLiteStore(tmp_path / "r.db") as store:
        _stored(store, {4: [FIRE_A[0], FIRE_B[0], FIRE_A[1], FIRE_B[1]]})
        other = AssignState.load(store, DIM, SETTINGS, {})  # another writer, loaded before the pass
        state = AssignState.load(store, DIM, SETTINGS, {})
        with store.transaction():
            state.catch_up(store)
            counts = repair(store, state, [4])
        assert counts.split == 1 and counts.merged == 0
        assert store.article_stories() == {"a1": 4, "a2": 4, "b1": 5, "b2": 5}
        assert store.storylines() == {4: 4, 5: 5}
        assert store.get_meta(GENERATION_KEY) == "1" and state.generation == 1
        with store.transaction():
            other.catch_up(store)
        assert other.story_of["b1"] == 5
        other.hold(store, [4, 5])  # events are read when needed, as they are after the pass
        assert [other.assigner.sizes[other.assigner.row_of(e)] for e in (4, 5)] == [2, 2]
        assert other.assigner.next_id() == 6  # ids taken by the pass are never handed out again


def _events_at(vectors_and_days: list[tuple[np.ndarray, float]]) -> StoryAssigner:
    """Events 1, 2, ... of one article each, with vectors and days as given, sharing no evidence."""
    a = StoryAssigner(DIM, SETTINGS)
    for n, (vector, day) in enumerate(vectors_and_days, start=1):
        hold(a, n, [member(f"m{n}", vector, f"k:own{n}", day=day)])
    return a


def _at_angle(degrees: float) -> np.ndarray:
    return unit(np.cos(np.radians(degrees)), np.sin(np.radians(degrees)))


def test_a_chain_of_pairwise_likenesses_is_not_one_storyline():
    # 1 is like 2 and 2 is like 3 (cosine 0.77 each), but 1 and 3 are far apart (0.17):
    # 3 is like one event of the storyline {1, 2}, not like the storyline.
    a = _events_at([(_at_angle(0), 100.0), (_at_angle(40), 101.0), (_at_angle(80), 102.0)])
    linker = StorylineLinker(Regrouper(a))
    assert linker.link([1, 2, 3], {1: 1, 2: 2, 3: 3}) == {2: 1}
    assert not linker.cohesive([1, 2], [3]) and linker.cohesive([1], [2])


def test_a_storyline_may_run_for_months_when_each_stretch_holds_together():
    # The same drift over 80 days: 1 and 3 lie further apart than storyline_days (60), so
    # only the pairs within the window count, and each of those is close.
    a = _events_at([(_at_angle(0), 100.0), (_at_angle(40), 140.0), (_at_angle(80), 180.0)])
    assert StorylineLinker(Regrouper(a)).link([1, 2, 3], {1: 1, 2: 2, 3: 3}) == {2: 1, 3: 1}


def test_events_of_one_theme_join_one_storyline_whatever_their_order():
    close = [(_at_angle(angle), 100.0 + n) for n, angle in enumerate((0, 12, 6, 18))]
    for order in ([1, 2, 3, 4], [4, 3, 2, 1]):
        assert StorylineLinker(Regrouper(_events_at(close))).link(order, {e: e for e in order}) == {2: 1, 3: 1, 4: 1}
