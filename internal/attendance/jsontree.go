package attendance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// jkind is the kind of a JSON value.
type jkind int

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var jkindNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

// jval is a parsed JSON value that, unlike map[string]any, keeps object
// keys in document order and keeps duplicates, so strict decoding can name
// the first offending field and refuse a key given twice.
type jval struct {
	kind jkind
	str  string // string value, or a number's literal text
	b    bool
	keys []string // object keys, parallel to vals
	vals []*jval  // object values or array elements
}

// parseTree parses data as exactly one JSON value. Syntax errors become a
// *FieldError at "$" with the byte offset.
func parseTree(data []byte) (*jval, error) {
	// Unmarshal into RawMessage checks the whole input, trailing data
	// included, and reports the offset; after it the token walk cannot fail.
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fieldErr("$", fmt.Sprintf("malformed JSON at offset %d: %v", se.Offset, se))
		}
		return nil, fieldErr("$", "malformed JSON: "+err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return parseValue(dec)
}

func parseValue(dec *json.Decoder) (*jval, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fieldErr("$", "malformed JSON: "+err.Error())
	}
	switch t := tok.(type) {
	case nil:
		return &jval{kind: jNull}, nil
	case bool:
		return &jval{kind: jBool, b: t}, nil
	case json.Number:
		return &jval{kind: jNumber, str: string(t)}, nil
	case string:
		return &jval{kind: jString, str: t}, nil
	case json.Delim:
		if t == '[' {
			return parseArray(dec)
		}
		return parseObject(dec)
	}
	return nil, fieldErr("$", fmt.Sprintf("malformed JSON: unexpected token %v", tok))
}

func parseArray(dec *json.Decoder) (*jval, error) {
	v := &jval{kind: jArray}
	for dec.More() {
		elem, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		v.vals = append(v.vals, elem)
	}
	_, err := dec.Token() // ']'
	return v, err
}

func parseObject(dec *json.Decoder) (*jval, error) {
	v := &jval{kind: jObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		val, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		v.keys = append(v.keys, key)
		v.vals = append(v.vals, val)
	}
	_, err := dec.Token() // '}'
	return v, err
}

// field is one member of an object schema. set decodes the member's value;
// it is not called for an optional member given as null (null means "left
// out"), but is for a nullable one (to_min, minutes_per_day).
type field struct {
	name     string
	required bool
	nullable bool
	set      func(v *jval, path string) error
}

// req and opt build required and optional members.
func req(name string, set func(*jval, string) error) field {
	return field{name: name, required: true, set: set}
}

func opt(name string, set func(*jval, string) error) field {
	return field{name: name, set: set}
}

// decodeObject decodes an object strictly: members in document order,
// unknown or duplicate keys refused, then missing required members named in
// schema order.
func decodeObject(v *jval, path string, fields []field) error {
	if v.kind != jObject {
		return typeErr(v, path, jObject)
	}
	seen := make([]bool, len(fields))
	for i, key := range v.keys {
		p := join(path, key)
		f := findField(fields, key)
		switch {
		case f < 0:
			return fieldErr(p, "unknown field")
		case seen[f]:
			return fieldErr(p, "field given twice")
		}
		seen[f] = true
		fl := fields[f]
		if v.vals[i].kind == jNull && !fl.required && !fl.nullable {
			continue
		}
		if err := fl.set(v.vals[i], p); err != nil {
			return err
		}
	}
	for f, fl := range fields {
		if fl.required && !seen[f] {
			return fieldErr(join(path, fl.name), "required field is missing")
		}
	}
	return nil
}

func findField(fields []field, name string) int {
	for i := range fields {
		if fields[i].name == name {
			return i
		}
	}
	return -1
}

// decodeArray calls elem for each element with its path.
func decodeArray(v *jval, path string, elem func(i int, v *jval, path string) error) error {
	if v.kind != jArray {
		return typeErr(v, path, jArray)
	}
	for i, e := range v.vals {
		if err := elem(i, e, index(path, i)); err != nil {
			return err
		}
	}
	return nil
}

func typeErr(v *jval, path string, want jkind) error {
	if path == "" {
		path = "$"
	}
	return fieldErr(path, fmt.Sprintf("must be %s, not %s", jkindNames[want], jkindNames[v.kind]))
}
