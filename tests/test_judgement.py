"""The officer's judgement: a rule the sources leave to the officer is never plainly met."""

from __future__ import annotations

from ftawizard.content import models as m

FACT = m.Compare("trade_principal", "eq", True)
OFFICER = m.Officer("the officer judges whether the trade is substantial")


def test_the_tree_says_whether_a_condition_can_be_plainly_met() -> None:
    assert m.can_be(FACT, True) and m.can_be(FACT, False)
    # an officer's part is neither met nor not met
    assert not m.can_be(OFFICER, True) and not m.can_be(OFFICER, False)
    # all: met only if every part can be; any: met if one part can be
    assert not m.can_be(m.AllOf((FACT, OFFICER)), True)
    assert m.can_be(m.AllOf((FACT, OFFICER)), False)
    assert m.can_be(m.AnyOf((FACT, OFFICER)), True)
    assert not m.can_be(m.AnyOf((OFFICER, OFFICER)), False)
    # not turns one into the other; constants are what they say
    assert not m.can_be(m.Not(m.Always(True)), True)
    assert m.can_be(m.Not(m.AllOf((FACT, OFFICER))), True)
    assert not m.can_be(m.Not(OFFICER), True)
    assert m.can_be(m.Always(False), False) and not m.can_be(m.Always(False), True)
    assert not m.can_be(m.InSet("purpose", frozenset()), True)
