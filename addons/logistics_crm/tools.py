def create_values(env, vals):
    """The values a ``create(vals)`` in ``env`` really writes for the fields it names:
    ``default_<field>`` context keys fill fields too, so guards of gated fields must
    look at them as well as at ``vals``."""
    defaults = {key[8:]: value for key, value in env.context.items() if key.startswith("default_")}
    return {**defaults, **vals}
