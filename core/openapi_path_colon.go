package core

import (
	"fmt"
	"strconv"
	"strings"
)

// colonRules describes one router's variant of the :name route syntax.
type colonRules struct {
	name          string // router name for error messages
	stop          string // bytes that end a :name
	namedCatchAll bool   // Gin: *name, which must end the route
	escapes       bool   // '\' makes the next byte literal
	constraints   bool   // Fiber: :name<int>
	optional      bool   // Fiber: :name?
	plus          bool   // Fiber: '+' is a greedy parameter like '*'
}

// routePart is a literal run of a route or one of its parameters.
type routePart struct {
	literal  string
	param    string // the parameter name; "" for a literal or an unnamed wildcard
	isParam  bool
	optional bool
}

// absentParam marks an optional parameter left out of an expanded path.
const absentParam = "\x00"

// convertColon converts a route in the :name syntax described by rules.
func convertColon(route string, rules colonRules) ([]string, error) {
	parts, err := parseColon(route, rules)
	if err != nil {
		return nil, err
	}
	if err := nameWildcards(parts, route, rules); err != nil {
		return nil, err
	}
	return expandOptional(parts, route, rules)
}

func parseColon(route string, rules colonRules) ([]routePart, error) {
	invalid := func(reason string) error {
		return fmt.Errorf("apikey: invalid %s route %q: %s", rules.name, route, reason)
	}

	var parts []routePart
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, routePart{literal: lit.String()})
			lit.Reset()
		}
	}

	for i := 0; i < len(route); {
		c := route[i]
		switch {
		case c == '\\' && rules.escapes && i+1 < len(route):
			lit.WriteByte(route[i+1])
			i += 2
		case c == '{' || c == '}':
			return nil, invalid("OpenAPI path templates reserve '{' and '}'")
		case c == ':':
			end := i + 1
			for end < len(route) && !strings.ContainsRune(rules.stop, rune(route[end])) {
				end++
			}
			name := route[i+1 : end]
			if name == "" {
				return nil, invalid("a ':' must be followed by a parameter name")
			}
			if rules.namedCatchAll && strings.ContainsAny(name, ":*") {
				return nil, invalid("only one parameter per path segment is allowed")
			}
			i = end
			if rules.constraints && i < len(route) && route[i] == '<' {
				closing, err := constraintEnd(route, i)
				if err != nil {
					return nil, invalid(err.Error())
				}
				i = closing + 1
			}
			part := routePart{param: name, isParam: true}
			if rules.optional && i < len(route) && route[i] == '?' {
				part.optional = true
				i++
			}
			flush()
			parts = append(parts, part)
		case c == '*' && rules.namedCatchAll:
			name := route[i+1:]
			if name == "" || strings.ContainsAny(name, "/:*") {
				return nil, invalid("a catch-all must be named, as in *filepath, and end the route")
			}
			if i == 0 || route[i-1] != '/' {
				return nil, invalid("a catch-all must follow a '/'")
			}
			flush()
			parts = append(parts, routePart{param: name, isParam: true})
			i = len(route)
		case c == '*' || (c == '+' && rules.plus):
			if !rules.plus && i+1 != len(route) {
				return nil, invalid("the * wildcard must end the route")
			}
			flush()
			parts = append(parts, routePart{isParam: true})
			i++
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return parts, nil
}

// constraintEnd returns the index of the '>' that closes the Fiber
// constraint starting at route[start], skipping escaped bytes and '>' inside
// parentheses, as in <regex(\d{2,}>x)>.
func constraintEnd(route string, start int) (int, error) {
	depth := 0
	for i := start + 1; i < len(route); i++ {
		switch route[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
		case '>':
			if depth <= 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("the constraint at byte %d has no closing '>'", start)
}

// nameWildcards names the unnamed greedy parameters and checks that every
// parameter name is unique and usable in an OpenAPI template.
func nameWildcards(parts []routePart, route string, rules colonRules) error {
	unnamed := 0
	for _, p := range parts {
		if p.isParam && p.param == "" {
			unnamed++
		}
	}

	n := 0
	seen := make(map[string]bool)
	for i := range parts {
		p := &parts[i]
		if !p.isParam {
			continue
		}
		if p.param == "" {
			n++
			p.param = "wildcard"
			if unnamed > 1 {
				p.param += strconv.Itoa(n)
			}
		}
		if seen[p.param] {
			return fmt.Errorf("apikey: invalid %s route %q: parameter name %q is used twice", rules.name, route, p.param)
		}
		seen[p.param] = true
	}
	return nil
}

// expandOptional writes one OpenAPI path for each combination of present
// and absent optional parameters, the path with all of them first. An
// absent parameter that filled a whole segment takes its '/' with it.
func expandOptional(parts []routePart, route string, rules colonRules) ([]string, error) {
	var optional []int
	for i, p := range parts {
		if p.optional {
			optional = append(optional, i)
		}
	}
	if len(optional) > maxOptionalParams {
		return nil, fmt.Errorf("apikey: %s route %q has %d optional parameters: at most %d are supported, because each doubles the number of OpenAPI paths",
			rules.name, route, len(optional), maxOptionalParams)
	}

	var paths []string
	seen := make(map[string]bool)
	for mask := 0; mask < 1<<len(optional); mask++ {
		absent := make(map[int]bool, len(optional))
		for bit, idx := range optional {
			absent[idx] = mask&(1<<bit) != 0
		}

		var b strings.Builder
		for i, p := range parts {
			switch {
			case !p.isParam:
				b.WriteString(p.literal)
			case absent[i]:
				b.WriteString(absentParam)
			default:
				b.WriteString("{" + p.param + "}")
			}
		}
		path := dropAbsent(b.String())
		if !seen[path] {
			seen[path] = true
			paths = append(paths, path)
		}
	}
	return paths, nil
}

func dropAbsent(path string) string {
	if !strings.Contains(path, absentParam) {
		return path
	}
	segments := strings.Split(path, "/")
	kept := segments[:0]
	for _, seg := range segments {
		if seg != absentParam {
			kept = append(kept, strings.ReplaceAll(seg, absentParam, ""))
		}
	}
	path = strings.Join(kept, "/")
	if path == "" {
		return "/"
	}
	return path
}
