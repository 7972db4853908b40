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


def test_a_dots_lookup_gives_what_jinja_gives(app):
    """The environment looks keys of plain dicts up first; every answer stays Jinja's own."""

    class Thing:
        title = "an attribute"

    class Mapping(dict):
        title = "the subclass attribute"

    render = lambda source, **values: app.jinja_env.from_string(source).render(**values)
    data = {"title": "a key", "items": "a key named like a dict method", "nested": {"count": 3}}
    assert render("{{ d.title }} {{ d.nested.count }}", d=data) == "a key 3"
    assert render("{{ d.items() | list | length }}", d=data) == "3"  # dict's own method, as before
    assert render("{{ d['items'] }}", d=data) == "a key named like a dict method"
    assert (
        render("{{ d.missing is undefined }} {{ d.nested.missing | default('none') }}", d=data) == "True none"
    )
    assert render("{{ t.title }} {{ m.title }}", t=Thing(), m=Mapping(title="a key")) == (
        "an attribute the subclass attribute"
    )
    assert (
        type(app.jinja_env).__name__ == "Environment"
        and type(app.jinja_env).__module__ == "panel.core.templating"
    )


def test_a_server_that_restarts_loads_its_compiled_templates_instead_of_compiling_them_again(
    app, monkeypatch
):
    from panel import create_app

    compile_templates(app)
    cached = list((Path(app.instance_path) / "template-cache").iterdir())
    assert len(cached) >= len(list(TEMPLATES.rglob("*.html")))
    restarted = create_app(dict(app.config), instance_path=app.instance_path)
    compiled = []
    original = restarted.jinja_env.compile

    def compile(*args, **kwargs):
        compiled.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(restarted.jinja_env, "compile", compile)
    compile_templates(restarted)
    assert compiled == []
