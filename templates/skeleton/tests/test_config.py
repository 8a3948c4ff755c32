from ${{ values.package }} import config


def test_the_pipeline_was_composed_for_this_task():
    assert config.PIPELINE["task"] == config.TASK
    assert config.PIPELINE["automl"] in {c["name"] for c in config.PIPELINE["components"]}


def test_the_chosen_models_come_from_the_pipeline_the_portal_composed():
    pipeline = {"components": [
        {"name": config.AUTOML, "category": "automl"},
        {"name": "rolling-origin-evaluation", "category": "metric"},
        {"name": "theta", "category": "model"},
        {"name": "window-isolation-forest", "category": "detector"},
    ]}
    assert config.search_components(pipeline) == ("theta", "window-isolation-forest")
    # only the AutoML organism (and helpers): its whole search
    assert config.search_components({"components": pipeline["components"][:2]}) is None
