"""The shared core: load, validate, collect evidence, evaluate with Rego, enrich, results."""
