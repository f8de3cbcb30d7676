# Shared helpers for every aimm policy package: reading facts with defaults,
# checking evidence, and building control outcomes and messages in one shape.
package aimm.lib

# outcome is the one shape every control returns.
outcome(ok, message) := {"pass": ok, "message": message}

# get reads a manifest fact at path (an array of keys), or the default when absent.
get(f, path, default_value) := object.get(f.manifest, path, default_value)

# posture reads a fact inside one posture dimension.
posture(f, dimension, path, default_value) := get(f, array.concat(["posture", dimension], path), default_value)

# is_true holds only for the boolean true, so a string "true" never passes.
is_true(x) if x == true

# has_text holds for a string with something other than white space.
has_text(x) if {
	is_string(x)
	trim_space(x) != ""
}

# evidence_ok holds when Python found the declared path as a file inside the repository.
evidence_ok(f, path) if {
	is_string(path)
	f.evidence[path].exists == true
}

# evidence_detail says why a declared path does or does not count.
evidence_detail(f, path) := f.evidence[path].detail if {
	is_string(path)
	is_string(f.evidence[path].detail)
} else := concat("", [show(path), " was not checked"])

# show renders a value for a message. Strings go through concat, never sprintf:
# rego-cpp 1.5.2 leaves quotes unescaped when sprintf formats a string literal.
show(x) := concat(", ", [_scalar(e) | some e in x]) if {
	is_array(x)
} else := _scalar(x)

_scalar(x) := x if {
	is_string(x)
} else := "null" if {
	is_null(x)
} else := sprintf("%v", [x])

# quoted renders a value as it would appear in YAML for a message.
quoted(x) := concat("", ["\"", x, "\""]) if is_string(x)

else := show(x)

# days_between returns whole days from date a to date b (both YYYY-MM-DD).
days_between(a, b) := (time.parse_ns("2006-01-02", b) - time.parse_ns("2006-01-02", a)) / 86400000000000
