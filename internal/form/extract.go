package form

import (
	"slices"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// Field kinds.
const (
	KindText     = "text" // TextInput of type text, search or password
	KindEmail    = "email"
	KindTel      = "tel"
	KindURL      = "url"
	KindNumber   = "number"
	KindDate     = "date"
	KindTextarea = "textarea"
	KindSelect   = "select"
	KindCheckbox = "checkbox"
	KindRadio    = "radio"
)

// Field is what one named control of a form accepts.
type Field struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Kind     string `json:"kind"`
	Required bool   `json:"required,omitempty"`
	// MaxLength is in characters (DefaultMaxLength unless the component
	// sets its own).
	MaxLength int `json:"maxLength"`
	// Pattern is the control's pattern attribute; a value must match it
	// whole. One that Go's regexp cannot compile is ignored.
	Pattern string `json:"pattern,omitempty"`
	// Options are the only values accepted (select, radio, checkbox); nil
	// means free text.
	Options []string `json:"options,omitempty"`
	// Multiple allows several values (checkboxes sharing a name).
	Multiple bool `json:"multiple,omitempty"`
}

// Definition is one form of one page: its id and fields in document order.
type Definition struct {
	FormID   string  `json:"formId"`
	Label    string  `json:"label,omitempty"`
	PagePath string  `json:"pagePath,omitempty"`
	Fields   []Field `json:"fields"`
	// Truncated is set when the form had more than MaxFields fields.
	Truncated bool `json:"-"`
}

// ExtractForms returns the forms of a page document, one definition per
// form id (forms sharing an id on the page are united), in document order.
// Hidden nodes are not published, so neither are their fields. Props the
// document leaves out take their component type's defaults, exactly as the
// renderer does.
func ExtractForms(docJSON []byte) ([]Definition, error) {
	d, _, err := doc.Parse(docJSON)
	if err != nil {
		return nil, err
	}
	x := extractor{d: d, kids: doc.ChildIndex(d), reg: component.Default(), seen: map[string]bool{}}
	x.walk(d.Root, nil)
	var out []Definition
	for _, id := range x.order {
		defs := x.byID[id]
		def := defs[0]
		if len(defs) > 1 {
			def = Union(defs)
		}
		out = append(out, def)
	}
	return out, nil
}

type extractor struct {
	d     *doc.Document
	kids  map[string][]string
	reg   *component.Registry
	seen  map[string]bool // guards against cycles in a malformed document
	order []string
	byID  map[string][]Definition
}

func (x *extractor) props(n *doc.Node) component.Props {
	var defaults map[string]any
	if t, ok := x.reg.Get(n.Type); ok {
		defaults = t.Defaults
	}
	return component.NewProps(n.Props, defaults)
}

// walk visits id's subtree; form is the definition being filled, if any.
func (x *extractor) walk(id string, form *Definition) {
	n := x.d.Nodes[id]
	if n == nil || n.Hidden || x.seen[id] {
		return
	}
	x.seen[id] = true
	p := x.props(n)
	if n.Type == "Form" && form == nil {
		def := &Definition{FormID: p.Str("formId"), Label: p.Str("label"), Fields: []Field{}}
		for _, k := range x.kids[id] {
			x.walk(k, def)
		}
		if def.FormID == "" {
			return
		}
		if x.byID == nil {
			x.byID = map[string][]Definition{}
		}
		if _, ok := x.byID[def.FormID]; !ok {
			x.order = append(x.order, def.FormID)
		}
		x.byID[def.FormID] = append(x.byID[def.FormID], *def)
		return
	}
	if form != nil {
		if f, ok := fieldOf(n.Type, p); ok {
			form.add(f)
		}
	}
	for _, k := range x.kids[id] {
		x.walk(k, form)
	}
}

// fieldOf reads a form control's field from its props.
func fieldOf(typ string, p component.Props) (Field, bool) {
	f := Field{Name: p.Str("name"), Label: p.Str("label"), Required: p.Flag("required"), MaxLength: DefaultMaxLength}
	switch typ {
	case "TextInput":
		switch t := p.Str("type"); t {
		case KindEmail, KindTel, KindURL, KindNumber, KindDate:
			f.Kind = t
		default:
			f.Kind = KindText
		}
		if f.Kind != KindNumber && f.Kind != KindDate { // the renderer omits it there
			f.Pattern = p.Str("pattern")
		}
	case "Textarea":
		f.Kind = KindTextarea
		if n := p.Num("maxLength", 0); n >= 1 {
			f.MaxLength = int(n)
		}
	case "Select":
		f.Kind, f.Options = KindSelect, optionValues(p)
	case "RadioGroup":
		f.Kind, f.Options = KindRadio, optionValues(p)
	case "Checkbox":
		f.Kind, f.Options = KindCheckbox, []string{p.Str("value")}
	default:
		return Field{}, false
	}
	if f.Name == "" || f.Name == HoneypotField {
		return Field{}, false
	}
	return f, true
}

func optionValues(p component.Props) []string {
	out := []string{}
	for _, o := range p.Objects("options") {
		if v, ok := o["value"].(string); ok && v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// add puts a field in the form. Controls sharing a name (a group of
// checkboxes) become one field that takes several values; a form keeps at
// most MaxFields fields.
func (d *Definition) add(f Field) {
	for i, g := range d.Fields {
		if g.Name == f.Name {
			m := mergeField(g, f)
			m.Required = g.Required || f.Required
			m.Multiple = true
			d.Fields[i] = m
			return
		}
	}
	if len(d.Fields) >= MaxFields {
		d.Truncated = true
		return
	}
	d.Fields = append(d.Fields, f)
}

// Union is the definition a post is checked against when it may come from
// any of defs: every field of any of them, each as loose as the loosest
// (required only where all require it, the longest maximum, a pattern only
// where all agree, free text where any takes free text).
func Union(defs []Definition) Definition {
	if len(defs) == 0 {
		return Definition{Fields: []Field{}}
	}
	out := Definition{FormID: defs[0].FormID, Label: defs[0].Label, Fields: []Field{}}
	count := map[string]int{}
	for _, d := range defs {
		if out.Label == "" {
			out.Label = d.Label
		}
		out.Truncated = out.Truncated || d.Truncated
		for _, f := range d.Fields {
			count[f.Name]++
			i := slices.IndexFunc(out.Fields, func(g Field) bool { return g.Name == f.Name })
			switch {
			case i >= 0:
				out.Fields[i] = mergeField(out.Fields[i], f)
			case len(out.Fields) < MaxFields:
				out.Fields = append(out.Fields, f)
			}
		}
	}
	for i, f := range out.Fields {
		if count[f.Name] < len(defs) {
			out.Fields[i].Required = false
		}
	}
	return out
}

// mergeField is the loosest field accepting what a and b accept.
func mergeField(a, b Field) Field {
	m := a
	if a.Kind != b.Kind {
		m.Kind = KindText
		if a.Kind == KindTextarea || b.Kind == KindTextarea {
			m.Kind = KindTextarea
		}
	}
	m.Required = a.Required && b.Required
	m.MaxLength = max(a.MaxLength, b.MaxLength)
	if a.Pattern != b.Pattern {
		m.Pattern = ""
	}
	if a.Options == nil || b.Options == nil {
		m.Options = nil
	} else {
		m.Options = slices.Clone(a.Options)
		for _, o := range b.Options {
			if !slices.Contains(m.Options, o) {
				m.Options = append(m.Options, o)
			}
		}
	}
	m.Multiple = a.Multiple || b.Multiple
	if m.Label == "" {
		m.Label = b.Label
	}
	return m
}

// Infos lists the fields for column headings.
func (d Definition) Infos() []FieldInfo {
	out := make([]FieldInfo, len(d.Fields))
	for i, f := range d.Fields {
		out[i] = FieldInfo{Name: f.Name, Label: f.Label, Kind: f.Kind}
	}
	return out
}
