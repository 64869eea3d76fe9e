// Package component declares the built-in component types of the page
// builder (DESIGN.md §5): for each, its name, palette category and icon, the
// JSON Schema of its props with editor hints, its defaults, which children it
// takes, the html/template that renders it, its base CSS and an optional tiny
// client script. The render package walks a document and asks this package
// how to render each node.
package component

import (
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
)

// Prop control hints understood by the editor (the `x-control` keyword).
const (
	ControlText     = "text"
	ControlTextarea = "textarea"
	ControlRichText = "richtext"
	ControlNumber   = "number"
	ControlSelect   = "select"
	ControlColor    = "color"
	ControlToggle   = "toggle"
	ControlImage    = "image"
	ControlLink     = "link"
	ControlToken    = "token"
)

// Formats a string prop may declare; ValidateProps enforces them.
const (
	// FormatURL is a link target: http(s), mailto, tel, relative or "#…".
	FormatURL = "url"
	// FormatImageURL is an image source: http(s) or relative.
	FormatImageURL = "image-url"
	// FormatName is an identifier-like token: letters, digits, "_" and "-".
	FormatName = "name"
)

// Prop is the JSON Schema of one prop, with editor hints.
type Prop struct {
	// Name is the prop's key in Node.Props.
	Name string `json:"-"`
	// Type is the JSON Schema type: string, number, integer, boolean, array or object.
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// Control is the editor widget (`x-control`).
	Control string `json:"x-control,omitempty"`
	// Format is an extra check on strings (FormatURL, FormatImageURL, FormatName).
	Format    string   `json:"format,omitempty"`
	Enum      []any    `json:"enum,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	// Default is the value used when the prop is absent.
	Default any `json:"default,omitempty"`
	// Required props must be present and, for strings, non-empty.
	Required bool `json:"-"`
	// Items is the schema of array elements.
	Items *Prop `json:"items,omitempty"`
	// Fields is the schema of object members (for arrays of objects).
	Fields *Schema `json:"-"`
}

// Schema is the JSON Schema of a component's props: an object whose members
// are Props, in the order the editor shows them.
type Schema struct {
	Props []Prop
}

// MarshalJSON renders the schema as a JSON Schema object with an `x-order`
// list giving the editor's field order.
func (s Schema) MarshalJSON() ([]byte, error) {
	props := make(map[string]json.RawMessage, len(s.Props))
	order := make([]string, 0, len(s.Props))
	required := []string{}
	for _, p := range s.Props {
		b, err := p.MarshalJSON()
		if err != nil {
			return nil, err
		}
		props[p.Name] = b
		order = append(order, p.Name)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	return json.Marshal(struct {
		Type                 string                     `json:"type"`
		Properties           map[string]json.RawMessage `json:"properties"`
		Required             []string                   `json:"required"`
		AdditionalProperties bool                       `json:"additionalProperties"`
		Order                []string                   `json:"x-order"`
	}{"object", props, required, false, order})
}

// MarshalJSON renders the prop's JSON Schema; a prop with Fields renders as
// an object schema.
func (p Prop) MarshalJSON() ([]byte, error) {
	if p.Fields != nil {
		return p.Fields.MarshalJSON()
	}
	type plain Prop
	return json.Marshal(plain(p))
}

func (s Schema) prop(name string) *Prop {
	for i := range s.Props {
		if s.Props[i].Name == name {
			return &s.Props[i]
		}
	}
	return nil
}

// Children says which child types a component accepts. The zero value
// accepts none.
type Children struct {
	// Any accepts every type (except those listed in Except).
	Any bool
	// Types lists the accepted child types when Any is false.
	Types []string
	// Except lists types refused even when Any is true.
	Except []string
}

// AnyChildren accepts every child type but the ones given.
func AnyChildren(except ...string) Children { return Children{Any: true, Except: except} }

// OnlyChildren accepts exactly the given child types.
func OnlyChildren(types ...string) Children { return Children{Types: types} }

// MarshalJSON renders "any", "none", or the list of accepted types; with
// exceptions it renders {"any": true, "except": [...]}.
func (c Children) MarshalJSON() ([]byte, error) {
	switch {
	case c.Any && len(c.Except) == 0:
		return []byte(`"any"`), nil
	case c.Any:
		return json.Marshal(map[string]any{"any": true, "except": c.Except})
	case len(c.Types) == 0:
		return []byte(`"none"`), nil
	}
	return json.Marshal(c.Types)
}

// allows reports whether a child of the given type is accepted.
func (c Children) allows(child string) bool {
	if c.Any {
		return !slices.Contains(c.Except, child)
	}
	return slices.Contains(c.Types, child)
}

// Child is one rendered child handed to a parent's Prepare and template.
type Child struct {
	// Type is the child's component type.
	Type string
	// HTML is the child's rendered markup.
	HTML template.HTML
}

// IDs hands out HTML ids that are unique within one rendered page.
type IDs interface {
	// ID returns a unique, valid id derived from hint.
	ID(hint string) string
}

// Context is what a component's Prepare sees and fills in for one node.
type Context struct {
	// NodeID is the document id of the node being rendered.
	NodeID string
	// Props are the node's props merged over the type's defaults, already
	// validated against the schema.
	Props map[string]any
	// Children are the node's rendered children, in order.
	Children []Child
	// IDs allocates page-unique HTML ids.
	IDs IDs

	// Data is what Prepare computes for the template (as `.D`).
	Data any
	// Class lists extra classes Prepare adds to the root element.
	Class string
	// Styles are generated per-node style rules (same shape as
	// Node.Styles: breakpoint or state → property → value) that the
	// renderer merges under the node's own styles.
	Styles map[string]map[string]any
}

// SetStyle adds one generated style rule under key (base, a breakpoint, hover, focus).
func (c *Context) SetStyle(key, prop string, value any) {
	if c.Styles == nil {
		c.Styles = map[string]map[string]any{}
	}
	if c.Styles[key] == nil {
		c.Styles[key] = map[string]any{}
	}
	c.Styles[key][prop] = value
}

// View is the value a component template executes with.
type View struct {
	// Class is the root element's class list ("pw-<name> …").
	Class string
	// Attrs are extra attributes for the root element (editor markers);
	// templates place them right after the class attribute.
	Attrs template.HTMLAttr
	// P are the merged props.
	P map[string]any
	// D is what Prepare computed.
	D any
	// Children is the concatenated markup of all children.
	Children template.HTML
}

// Type is one component type.
type Type struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	// Icon is a lucide icon name for the editor palette.
	Icon  string `json:"icon"`
	Props Schema `json:"props"`
	// Defaults are the props' default values (derived from Prop.Default).
	Defaults map[string]any `json:"defaults"`
	Children Children       `json:"children"`
	// Template is the html/template source rendering one node.
	Template string `json:"-"`
	// CSS is the type's base CSS, scoped by `.pw-<name>`; included once per page using it.
	CSS string `json:"-"`
	// Script is an optional tiny client script, included once per page using it.
	Script string `json:"-"`
	// HasScript tells the editor the type ships a client script.
	HasScript bool `json:"hasScript"`

	// Prepare computes template data from validated props (sanitising,
	// URL checks, ids). It may return an error naming a prop.
	Prepare func(c *Context) error `json:"-"`
	// Validate adds cross-field checks to the schema's.
	Validate func(props map[string]any) []FieldError `json:"-"`

	tpl *template.Template
}

// ClassName is the type's scoping class, `pw-<lowercase name>`.
func (t *Type) ClassName() string { return "pw-" + strings.ToLower(t.Name) }

// Execute renders the node's view with the type's template.
func (t *Type) Execute(w *strings.Builder, v *View) error {
	return t.tpl.Execute(w, v)
}

// Registry holds component types by name. It is safe for concurrent use once
// built.
type Registry struct {
	types map[string]*Type
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{types: map[string]*Type{}} }

// Register parses the type's template and adds it. It fails on a duplicate
// name or a template that does not parse.
func (r *Registry) Register(t *Type) error {
	if t.Name == "" {
		return fmt.Errorf("component: type without a name")
	}
	if _, dup := r.types[t.Name]; dup {
		return fmt.Errorf("component: type %q registered twice", t.Name)
	}
	tpl, err := template.New(t.Name).Parse(t.Template)
	if err != nil {
		return fmt.Errorf("component %s: template: %w", t.Name, err)
	}
	t.tpl = tpl
	t.Defaults = map[string]any{}
	for _, p := range t.Props.Props {
		if p.Default != nil {
			t.Defaults[p.Name] = p.Default
		}
	}
	t.HasScript = t.Script != ""
	r.types[t.Name] = t
	return nil
}

// Get returns the type of the given name.
func (r *Registry) Get(name string) (*Type, bool) {
	t, ok := r.types[name]
	return t, ok
}

// List returns every type sorted by name, for GET /api/v1/component-types.
func (r *Registry) List() []*Type {
	names := slices.Sorted(maps.Keys(r.types))
	out := make([]*Type, len(names))
	for i, n := range names {
		out[i] = r.types[n]
	}
	return out
}

// Allowed reports whether a node of childType may be a child of a node of
// parentType. Unknown types are never allowed; a Page is never a child.
func (r *Registry) Allowed(parentType, childType string) bool {
	p, ok := r.types[parentType]
	if !ok || childType == "Page" {
		return false
	}
	if _, ok := r.types[childType]; !ok {
		return false
	}
	return p.Children.allows(childType)
}

// FieldError names one invalid prop by its path, e.g. "props.items[2].href".
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Error formats the field error as "path: message".
func (e FieldError) Error() string { return e.Path + ": " + e.Message }

// ValidateProps checks props against the type's schema: unknown props,
// required props, JSON types, enums, bounds, lengths and URL safety, plus
// the type's own cross-field rules. Defaults are not applied: a required prop
// with a default counts as present.
func (r *Registry) ValidateProps(typeName string, props map[string]any) []FieldError {
	t, ok := r.types[typeName]
	if !ok {
		return []FieldError{{Path: "type", Message: fmt.Sprintf("unknown component type %q", typeName)}}
	}
	var errs []FieldError
	validateObject(&t.Props, props, t.Defaults, "props", &errs)
	if t.Validate != nil {
		errs = append(errs, t.Validate(props)...)
	}
	return errs
}

func validateObject(s *Schema, obj, defaults map[string]any, path string, errs *[]FieldError) {
	var unknown []string
	for k := range obj {
		if s.prop(k) == nil {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		*errs = append(*errs, FieldError{Path: path + "." + k, Message: "is not a known prop"})
	}
	for i := range s.Props {
		p := &s.Props[i]
		v, present := obj[p.Name]
		if !present || v == nil {
			if p.Required && defaults[p.Name] == nil {
				*errs = append(*errs, FieldError{Path: path + "." + p.Name, Message: "is required"})
			}
			continue
		}
		validateValue(p, v, path+"."+p.Name, errs)
	}
}

func validateValue(p *Prop, v any, path string, errs *[]FieldError) {
	bad := func(msg string) { *errs = append(*errs, FieldError{Path: path, Message: msg}) }
	switch p.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			bad("must be a string")
			return
		}
		if p.Required && strings.TrimSpace(s) == "" {
			bad("is required")
			return
		}
		if p.MaxLength > 0 && len(s) > p.MaxLength {
			bad(fmt.Sprintf("must be at most %d bytes", p.MaxLength))
		}
		switch p.Format {
		case FormatURL:
			if s != "" {
				if _, ok := SafeURL(s); !ok {
					bad("must be an http(s), mailto, tel, relative or #fragment URL")
				}
			}
		case FormatImageURL:
			if s != "" {
				if _, ok := SafeImageURL(s); !ok {
					bad("must be an http(s) or relative URL")
				}
			}
		case FormatName:
			if s != "" && !isName(s) {
				bad("may contain only letters, digits, '_' and '-'")
			}
		}
	case "number", "integer":
		f, ok := Number(v)
		if !ok {
			bad("must be a number")
			return
		}
		if p.Type == "integer" && f != float64(int64(f)) {
			bad("must be a whole number")
			return
		}
		if p.Minimum != nil && f < *p.Minimum {
			bad(fmt.Sprintf("must be at least %g", *p.Minimum))
		}
		if p.Maximum != nil && f > *p.Maximum {
			bad(fmt.Sprintf("must be at most %g", *p.Maximum))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("must be true or false")
			return
		}
	case "array":
		items, ok := asList(v)
		if !ok {
			bad("must be a list")
			return
		}
		if p.Items != nil {
			for i, it := range items {
				ip := fmt.Sprintf("%s[%d]", path, i)
				if p.Items.Fields != nil {
					m, ok := it.(map[string]any)
					if !ok {
						*errs = append(*errs, FieldError{Path: ip, Message: "must be an object"})
						continue
					}
					validateObject(p.Items.Fields, m, nil, ip, errs)
					continue
				}
				validateValue(p.Items, it, ip, errs)
			}
		}
		return
	default:
		return
	}
	if len(p.Enum) > 0 && !inEnum(p.Enum, v) {
		bad(fmt.Sprintf("must be one of %v", p.Enum))
	}
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if e == v {
			return true
		}
		ef, ok1 := Number(e)
		vf, ok2 := Number(v)
		if ok1 && ok2 && ef == vf {
			return true
		}
	}
	return false
}

// Number reports v as a float64 when it is any Go numeric type (JSON
// decoding yields float64; documents built in Go may hold ints).
func Number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// asList reports v as a []any for the list shapes props may hold.
func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

func isName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
