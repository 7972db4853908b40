"""Arbitrary JSON sent to autosave never causes a server error, and a refused save changes nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.panel.sheets.stored import snapshot, stored_sheet

CURRENT = object()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=10,
)


def payloads(criterion_ids):
    keys = st.sampled_from([str(cid) for cid in criterion_ids]) | st.text(max_size=5)
    choices = st.integers(-2, 6) | st.just("cant-judge") | st.none() | json_values
    sheet_like = st.fixed_dictionaries(
        {},
        optional={
            "version": st.just(CURRENT) | json_values,
            "scores": st.dictionaries(keys, choices, max_size=3) | json_values,
            "comments": st.dictionaries(keys, st.text(max_size=20) | json_values, max_size=3),
            "strengths": st.text(max_size=30) | json_values,
            "concerns": st.text(max_size=30),
        },
    )
    return sheet_like | json_values


def test_autosave_never_fails_and_refusals_change_nothing(client, login, scene):
    login(scene.member.user)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(payloads([c.id for c in scene.criteria]))
    def check(payload):
        before = snapshot(scene.member, scene.bid)
        if isinstance(payload, dict) and payload.get("version") is CURRENT:
            sheet = stored_sheet(scene.member, scene.bid)
            payload = {**payload, "version": sheet.version if sheet else 0}
        response = client.post(scene.url("/autosave"), json=payload)
        assert response.status_code < 500
        assert response.is_json
        if response.status_code != 200:
            assert snapshot(scene.member, scene.bid) == before

    check()
