"""Templates are compiled as a server starts, so no page or meeting update waits for Jinja to compile one."""

from pathlib import Path

from panel.core.templating import compile_templates

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def test_every_template_is_compiled_up_front_and_never_read_again(app, monkeypatch):
    ours = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))
    assert compile_templates(app) >= len(ours)
    reads = []
    original = app.jinja_env.loader.get_source

    def get_source(environment, name):
        reads.append(name)
        return original(environment, name)

    monkeypatch.setattr(app.jinja_env.loader, "get_source", get_source)
    for name in ours:
        app.jinja_env.get_template(name)
    assert "meetings/_out.html" in ours
    assert reads == []
