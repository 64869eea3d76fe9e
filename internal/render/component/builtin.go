package component

import (
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Default returns the registry of built-in component types. It is built once
// and shared; do not register more types into it.
var Default = sync.OnceValue(func() *Registry {
	r := NewRegistry()
	for _, t := range Builtins() {
		if err := r.Register(t); err != nil {
			panic(err) // a programming error in this package, caught by its tests
		}
	}
	return r
})

func fp(f float64) *float64 { return &f }

// headings returns a template fragment choosing <h1>…<h6> by levelExpr (an
// int), with the given attributes and content.
func headings(levelExpr, attrs, inner string) string {
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		if i == 1 {
			fmt.Fprintf(&b, "{{if eq %s 1}}", levelExpr)
		} else {
			fmt.Fprintf(&b, "{{else if eq %s %d}}", levelExpr, i)
		}
		fmt.Fprintf(&b, "<h%d%s>%s</h%d>", i, attrs, inner, i)
	}
	b.WriteString("{{end}}")
	return b.String()
}

// levelProp is the schema of a heading level prop.
func levelProp(def int) Prop {
	return Prop{Name: "level", Type: "integer", Title: "Heading level", Control: ControlSelect,
		Enum: []any{1, 2, 3, 4, 5, 6}, Default: def}
}

// linkItems is the schema of a list of {label, href} links.
func linkItems(name, title string) Prop {
	return Prop{Name: name, Type: "array", Title: title, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
		{Name: "label", Type: "string", Title: "Label", Control: ControlText, Required: true, MaxLength: 200},
		{Name: "href", Type: "string", Title: "Link", Control: ControlLink, Format: FormatURL, Required: true},
	}}}}
}

// optionItems is the schema of a list of {label, value} choices.
func optionItems() Prop {
	return Prop{Name: "options", Type: "array", Title: "Options", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
		{Name: "label", Type: "string", Title: "Label", Control: ControlText, Required: true, MaxLength: 200},
		{Name: "value", Type: "string", Title: "Value", Control: ControlText, Required: true, MaxLength: 200},
	}}}}
}

// navLink is a validated link for templates.
type navLink struct {
	Label string
	Href  template.URL
}

func links(p map[string]any, k string) ([]navLink, error) {
	items := objects(p, k)
	out := make([]navLink, 0, len(items))
	for i, it := range items {
		u, ok := SafeURL(str(it, "href"))
		if !ok {
			return nil, badProp(fmt.Sprintf("%s[%d].href", k, i), "must be an http(s), mailto, tel, relative or #fragment URL")
		}
		out = append(out, navLink{Label: str(it, "label"), Href: u})
	}
	return out, nil
}

// Field props shared by form controls.
var (
	labelProp    = Prop{Name: "label", Type: "string", Title: "Label", Control: ControlText, Required: true, MaxLength: 300, Default: "Label"}
	nameProp     = Prop{Name: "name", Type: "string", Title: "Field name", Control: ControlText, Format: FormatName, Required: true, Default: "field"}
	requiredProp = Prop{Name: "required", Type: "boolean", Title: "Required", Control: ControlToggle}
	helpProp     = Prop{Name: "help", Type: "string", Title: "Help text", Control: ControlText, MaxLength: 500}
	gapProp      = Prop{Name: "gap", Type: "string", Title: "Gap", Control: ControlToken, MaxLength: 200, Default: "1rem"}
)

// field is the shared template data of a labelled form control.
type field struct {
	ID, HelpID string
}

func prepareField(c *Context) field {
	f := field{ID: c.IDs.ID("f-" + str(c.Props, "name"))}
	if str(c.Props, "help") != "" {
		f.HelpID = c.IDs.ID(f.ID + "-help")
	}
	return f
}

const labelTpl = `<label for="{{.D.ID}}">{{.P.label}}{{if .P.required}}<span class="pw-req" aria-hidden="true"> *</span>{{end}}</label>`
const helpTpl = `{{with .D.HelpID}}<p id="{{.}}" class="pw-help">{{$.P.help}}</p>{{end}}`
const describedBy = `{{with .D.HelpID}} aria-describedby="{{.}}"{{end}}`

var videoID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
var autocompleteRe = regexp.MustCompile(`^[a-z0-9 -]{1,100}$`)

// Builtins returns fresh copies of the built-in component types.
func Builtins() []*Type {
	return []*Type{
		{
			Name: "Page", Category: "Layout", Icon: "file",
			Props: Schema{Props: []Prop{
				{Name: "skipLinkText", Type: "string", Title: "Skip link text", Control: ControlText, MaxLength: 200, Default: "Skip to main content"},
			}},
			Children: AnyChildren("Page"),
			Template: `<div class="{{.Class}}"{{.Attrs}}><a class="pw-skip" href="#{{.D.Main}}">{{.P.skipLinkText}}</a>{{range .D.Top}}{{.}}{{end}}<main id="{{.D.Main}}">{{range .D.Body}}{{.}}{{end}}</main>{{range .D.Bottom}}{{.}}{{end}}</div>`,
			CSS:      `.pw-page{min-height:100vh;display:flex;flex-direction:column}.pw-page>main{flex:1}.pw-skip{position:absolute;left:-10000px;top:auto}.pw-skip:focus{left:1rem;top:1rem;z-index:100;padding:.5rem 1rem;background:#fff;color:#0a3d91}`,
			Prepare: func(c *Context) error {
				d := struct {
					Main              string
					Top, Body, Bottom []template.HTML
				}{Main: c.IDs.ID("main")}
				for _, ch := range c.Children {
					switch ch.Type {
					case "Navbar":
						d.Top = append(d.Top, ch.HTML)
					case "Footer":
						d.Bottom = append(d.Bottom, ch.HTML)
					default:
						d.Body = append(d.Body, ch.HTML)
					}
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "Section", Category: "Layout", Icon: "rectangle-horizontal",
			Props: Schema{Props: []Prop{
				{Name: "label", Type: "string", Title: "Accessible name", Description: "Names the region for screen readers (aria-label).", Control: ControlText, MaxLength: 200},
				{Name: "anchor", Type: "string", Title: "Anchor id", Description: "Lets links point here with #anchor.", Control: ControlText, Format: FormatName},
			}},
			Children: AnyChildren("Page"),
			Template: `<section class="{{.Class}}"{{.Attrs}}{{with .D}} id="{{.}}"{{end}}{{with .P.label}} aria-label="{{.}}"{{end}}>{{.Children}}</section>`,
			CSS:      `.pw-section{padding:var(--pw-space-section,3rem) 1rem}`,
			Prepare: func(c *Context) error {
				if a := str(c.Props, "anchor"); a != "" {
					c.Data = c.IDs.ID(a)
				} else {
					c.Data = ""
				}
				return nil
			},
		},
		{
			Name: "Container", Category: "Layout", Icon: "square",
			Props: Schema{Props: []Prop{
				{Name: "width", Type: "string", Title: "Width", Control: ControlSelect, Enum: []any{"narrow", "default", "wide", "full"}, Default: "default"},
			}},
			Children: AnyChildren("Page"),
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{.Children}}</div>`,
			CSS:      `.pw-container{margin-inline:auto;width:100%;max-width:72rem;padding-inline:1rem}.pw-container--narrow{max-width:42rem}.pw-container--wide{max-width:90rem}.pw-container--full{max-width:none}`,
			Prepare: func(c *Context) error {
				if w := str(c.Props, "width"); w != "default" {
					c.Class = "pw-container--" + w
				}
				return nil
			},
		},
		{
			Name: "Stack", Category: "Layout", Icon: "rows-3",
			Props: Schema{Props: []Prop{
				{Name: "direction", Type: "string", Title: "Direction", Control: ControlSelect, Enum: []any{"vertical", "horizontal"}, Default: "vertical"},
				gapProp,
				{Name: "align", Type: "string", Title: "Align", Control: ControlSelect, Enum: []any{"stretch", "start", "center", "end"}, Default: "stretch"},
				{Name: "wrap", Type: "boolean", Title: "Wrap", Control: ControlToggle},
			}},
			Children: AnyChildren("Page"),
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{.Children}}</div>`,
			CSS:      `.pw-stack{display:flex;flex-direction:column}`,
			Prepare: func(c *Context) error {
				if str(c.Props, "direction") == "horizontal" {
					c.SetStyle("base", "flex-direction", "row")
				}
				if flag(c.Props, "wrap") {
					c.SetStyle("base", "flex-wrap", "wrap")
				}
				c.SetStyle("base", "gap", str(c.Props, "gap"))
				if a := str(c.Props, "align"); a != "stretch" {
					c.SetStyle("base", "align-items", map[string]string{"start": "flex-start", "end": "flex-end", "center": "center"}[a])
				}
				return nil
			},
		},
		{
			Name: "Columns", Category: "Layout", Icon: "columns-3",
			Props: Schema{Props: []Prop{
				{Name: "count", Type: "integer", Title: "Columns (mobile)", Control: ControlNumber, Minimum: fp(1), Maximum: fp(6), Default: 1},
				{Name: "countMd", Type: "integer", Title: "Columns from md", Control: ControlNumber, Minimum: fp(0), Maximum: fp(6), Default: 2},
				{Name: "countLg", Type: "integer", Title: "Columns from lg", Control: ControlNumber, Minimum: fp(0), Maximum: fp(6), Default: 3},
				gapProp,
			}},
			Children: AnyChildren("Page"),
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{.Children}}</div>`,
			CSS:      `.pw-columns{display:grid;grid-template-columns:minmax(0,1fr)}`,
			Prepare: func(c *Context) error {
				cols := func(n float64) string { return "repeat(" + strconv.Itoa(int(n)) + ",minmax(0,1fr))" }
				if n := num(c.Props, "count", 1); n > 1 {
					c.SetStyle("base", "grid-template-columns", cols(n))
				}
				if n := num(c.Props, "countMd", 0); n > 0 {
					c.SetStyle("md", "grid-template-columns", cols(n))
				}
				if n := num(c.Props, "countLg", 0); n > 0 {
					c.SetStyle("lg", "grid-template-columns", cols(n))
				}
				c.SetStyle("base", "gap", str(c.Props, "gap"))
				return nil
			},
		},
		{
			Name: "Heading", Category: "Text", Icon: "heading",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 500, Default: "Heading"},
				levelProp(2),
			}},
			Template: headings(".D", ` class="{{$.Class}}"{{$.Attrs}}`, "{{$.P.text}}"),
			CSS:      `.pw-heading{line-height:1.2;margin:0 0 .5em;text-wrap:balance}`,
			Prepare: func(c *Context) error {
				c.Data = int(num(c.Props, "level", 2))
				return nil
			},
		},
		{
			Name: "Text", Category: "Text", Icon: "pilcrow",
			Props: Schema{Props: []Prop{
				{Name: "html", Type: "string", Title: "Text", Control: ControlRichText, MaxLength: 100_000, Default: "<p>Write something.</p>"},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{.D}}</div>`,
			CSS:      `.pw-text{max-width:70ch}.pw-text>:first-child{margin-top:0}.pw-text>:last-child{margin-bottom:0}.pw-text a{color:var(--pw-color-link,#0a58ca)}`,
			Prepare: func(c *Context) error {
				c.Data = SanitizeRichText(str(c.Props, "html"))
				return nil
			},
		},
		{
			Name: "Image", Category: "Media", Icon: "image",
			Props: Schema{Props: []Prop{
				{Name: "src", Type: "string", Title: "Image", Control: ControlImage, Format: FormatImageURL, Required: true},
				{Name: "alt", Type: "string", Title: "Alternative text", Description: "Describe the image; required unless it is decorative.", Control: ControlText, MaxLength: 500},
				{Name: "decorative", Type: "boolean", Title: "Decorative", Control: ControlToggle},
				{Name: "width", Type: "integer", Title: "Width (px)", Control: ControlNumber, Required: true, Minimum: fp(1), Maximum: fp(10000)},
				{Name: "height", Type: "integer", Title: "Height (px)", Control: ControlNumber, Required: true, Minimum: fp(1), Maximum: fp(10000)},
				{Name: "priority", Type: "boolean", Title: "Load first (above the fold)", Control: ControlToggle},
				{Name: "variants", Type: "array", Title: "Sizes", Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "src", Type: "string", Title: "Image", Control: ControlImage, Format: FormatImageURL, Required: true},
					{Name: "width", Type: "integer", Title: "Width (px)", Control: ControlNumber, Required: true, Minimum: fp(1), Maximum: fp(10000)},
				}}}},
				{Name: "sizes", Type: "string", Title: "Sizes", Control: ControlText, MaxLength: 300, Default: "100vw"},
				{Name: "caption", Type: "string", Title: "Caption", Control: ControlText, MaxLength: 500},
			}},
			Template: `{{define "img"}}<img src="{{.D.Src}}" alt="{{.D.Alt}}" width="{{.D.W}}" height="{{.D.H}}"{{with .D.Srcset}} srcset="{{.}}" sizes="{{$.P.sizes}}"{{end}}{{if .P.priority}} fetchpriority="high"{{else}} loading="lazy"{{end}} decoding="async">{{end}}` +
				`{{with .P.caption}}<figure class="{{$.Class}}"{{$.Attrs}}>{{template "img" $}}<figcaption>{{.}}</figcaption></figure>{{else}}<span class="{{.Class}}"{{.Attrs}}>{{template "img" .}}</span>{{end}}`,
			CSS: `.pw-image{display:block;margin:0}.pw-image img{display:block;max-width:100%;height:auto}.pw-image figcaption{font-size:.875em;margin-top:.5em}`,
			Validate: func(p map[string]any) []FieldError {
				if !flag(p, "decorative") && strings.TrimSpace(str(p, "alt")) == "" {
					return []FieldError{{Path: "props.alt", Message: "is required unless the image is decorative"}}
				}
				return nil
			},
			Prepare: func(c *Context) error {
				src, ok := SafeImageURL(str(c.Props, "src"))
				if !ok {
					return badProp("src", "must be an http(s) or relative URL")
				}
				d := struct {
					Src    template.URL
					Alt    string
					W, H   int
					Srcset template.Srcset
				}{Src: src, W: int(num(c.Props, "width", 0)), H: int(num(c.Props, "height", 0))}
				if !flag(c.Props, "decorative") {
					d.Alt = str(c.Props, "alt")
				}
				var set []string
				for i, v := range objects(c.Props, "variants") {
					u, ok := SafeImageURL(str(v, "src"))
					if !ok || strings.ContainsAny(string(u), ", ") {
						return badProp(fmt.Sprintf("variants[%d].src", i), "must be an http(s) or relative URL without commas")
					}
					set = append(set, string(u)+" "+strconv.Itoa(int(num(v, "width", 1)))+"w")
				}
				d.Srcset = template.Srcset(strings.Join(set, ", "))
				c.Data = d
				return nil
			},
		},
		{
			Name: "Button", Category: "Basic", Icon: "mouse-pointer-click",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 200, Default: "Button"},
				{Name: "href", Type: "string", Title: "Link", Description: "Leave empty for a plain button.", Control: ControlLink, Format: FormatURL},
				{Name: "variant", Type: "string", Title: "Style", Control: ControlSelect, Enum: []any{"primary", "secondary", "outline"}, Default: "primary"},
			}},
			Template: `{{if .D}}<a class="{{.Class}}"{{.Attrs}} href="{{.D}}">{{.P.text}}</a>{{else}}<button type="button" class="{{.Class}}"{{.Attrs}}>{{.P.text}}</button>{{end}}`,
			CSS:      buttonCSS(".pw-button"),
			Prepare: func(c *Context) error {
				u, err := link(c.Props, "href")
				c.Data = u
				c.Class = "pw-button--" + str(c.Props, "variant")
				return err
			},
		},
		{
			Name: "Link", Category: "Basic", Icon: "link",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 300, Default: "Link"},
				{Name: "href", Type: "string", Title: "Link", Control: ControlLink, Format: FormatURL, Required: true, Default: "#"},
				{Name: "newTab", Type: "boolean", Title: "Open in a new tab", Control: ControlToggle},
			}},
			Template: `<a class="{{.Class}}"{{.Attrs}} href="{{.D}}"{{if .P.newTab}} target="_blank" rel="noopener noreferrer"{{end}}>{{.P.text}}{{if .P.newTab}}<span class="pw-sr-only"> (opens in a new tab)</span>{{end}}</a>`,
			CSS:      `.pw-link{color:var(--pw-color-link,#0a58ca);text-decoration:underline}`,
			Prepare: func(c *Context) error {
				u, err := link(c.Props, "href")
				c.Data = u
				return err
			},
		},
		{
			Name: "List", Category: "Text", Icon: "list",
			Props: Schema{Props: []Prop{
				{Name: "items", Type: "array", Title: "Items", Required: true, Items: &Prop{Type: "string", MaxLength: 1000}, Default: []any{"First item"}},
				{Name: "ordered", Type: "boolean", Title: "Numbered", Control: ControlToggle},
			}},
			Template: `{{if .P.ordered}}<ol class="{{.Class}}"{{.Attrs}}>{{range .D}}<li>{{.}}</li>{{end}}</ol>{{else}}<ul class="{{.Class}}"{{.Attrs}}>{{range .D}}<li>{{.}}</li>{{end}}</ul>{{end}}`,
			CSS:      `.pw-list{padding-inline-start:1.5em}`,
			Prepare: func(c *Context) error {
				c.Data = stringList(c.Props, "items")
				return nil
			},
		},
		{
			Name: "Divider", Category: "Basic", Icon: "minus",
			Template: `<hr class="{{.Class}}"{{.Attrs}}>`,
			CSS:      `.pw-divider{border:0;border-top:1px solid var(--pw-color-border-default,#d0d7de);margin:2rem 0}`,
		},
		{
			Name: "Spacer", Category: "Basic", Icon: "move-vertical",
			Props: Schema{Props: []Prop{
				{Name: "size", Type: "string", Title: "Size", Control: ControlToken, MaxLength: 200, Default: "2rem"},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}} aria-hidden="true"></div>`,
			CSS:      `.pw-spacer{flex:none}`,
			Prepare: func(c *Context) error {
				c.SetStyle("base", "height", str(c.Props, "size"))
				return nil
			},
		},
		{
			Name: "Card", Category: "Layout", Icon: "square-stack",
			Props: Schema{Props: []Prop{
				{Name: "title", Type: "string", Title: "Title", Control: ControlText, MaxLength: 300},
				levelProp(3),
			}},
			Children: AnyChildren("Page", "Section", "Navbar", "Footer", "Hero"),
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{with .P.title}}` + headings("$.D", ` class="pw-card-title"`, "{{.}}") + `{{end}}{{.Children}}</div>`,
			CSS:      `.pw-card{border:1px solid var(--pw-color-border-default,#d0d7de);border-radius:var(--pw-radius-md,.5rem);padding:1.5rem;background:var(--pw-color-surface-default,#fff)}.pw-card-title{margin:0 0 .5rem;font-size:1.25rem}`,
			Prepare: func(c *Context) error {
				c.Data = int(num(c.Props, "level", 3))
				return nil
			},
		},
		{
			Name: "Hero", Category: "Sections", Icon: "panel-top",
			Props: Schema{Props: []Prop{
				{Name: "heading", Type: "string", Title: "Heading", Control: ControlText, Required: true, MaxLength: 300, Default: "A clear promise"},
				levelProp(1),
				{Name: "text", Type: "string", Title: "Text", Control: ControlTextarea, MaxLength: 2000},
				{Name: "ctaText", Type: "string", Title: "Button text", Control: ControlText, MaxLength: 200},
				{Name: "ctaHref", Type: "string", Title: "Button link", Control: ControlLink, Format: FormatURL},
				{Name: "image", Type: "string", Title: "Image", Control: ControlImage, Format: FormatImageURL},
				{Name: "imageAlt", Type: "string", Title: "Image alternative text", Description: "Empty marks the image decorative.", Control: ControlText, MaxLength: 500},
				{Name: "imageWidth", Type: "integer", Title: "Image width (px)", Control: ControlNumber, Minimum: fp(1), Maximum: fp(10000), Default: 1200},
				{Name: "imageHeight", Type: "integer", Title: "Image height (px)", Control: ControlNumber, Minimum: fp(1), Maximum: fp(10000), Default: 800},
			}},
			Template: `<section class="{{.Class}}"{{.Attrs}} aria-labelledby="{{.D.HeadingID}}"><div class="pw-hero-body">` +
				headings(".D.Level", ` id="{{$.D.HeadingID}}" class="pw-hero-heading"`, "{{$.P.heading}}") +
				`{{with .P.text}}<p class="pw-hero-text">{{.}}</p>{{end}}{{if and .P.ctaText .D.Href}}<a class="pw-button pw-button--primary" href="{{.D.Href}}">{{.P.ctaText}}</a>{{end}}</div>` +
				`{{with .D.Image}}<img class="pw-hero-image" src="{{.}}" alt="{{$.P.imageAlt}}" width="{{$.P.imageWidth}}" height="{{$.P.imageHeight}}" fetchpriority="high" decoding="async">{{end}}</section>`,
			CSS: `.pw-hero{display:grid;gap:2rem;align-items:center;padding:4rem 1rem}@media (min-width:768px){.pw-hero:has(.pw-hero-image){grid-template-columns:1fr 1fr}}.pw-hero-heading{font-size:clamp(2rem,5vw,3.5rem);line-height:1.1;margin:0 0 1rem}.pw-hero-text{font-size:1.25rem;margin:0 0 1.5rem;max-width:60ch}.pw-hero-image{width:100%;height:auto;border-radius:var(--pw-radius-lg,1rem)}` + buttonCSS(".pw-hero .pw-button"),
			Prepare: func(c *Context) error {
				u, err := link(c.Props, "ctaHref")
				if err != nil {
					return err
				}
				d := struct {
					HeadingID string
					Level     int
					Href      template.URL
					Image     template.URL
				}{HeadingID: c.IDs.ID(c.NodeID + "-heading"), Level: int(num(c.Props, "level", 1)), Href: u}
				if s := str(c.Props, "image"); s != "" {
					img, ok := SafeImageURL(s)
					if !ok {
						return badProp("image", "must be an http(s) or relative URL")
					}
					d.Image = img
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "Form", Category: "Forms", Icon: "clipboard-list",
			Props: Schema{Props: []Prop{
				{Name: "formId", Type: "string", Title: "Form id", Control: ControlText, Format: FormatName, Required: true, Default: "contact"},
				{Name: "label", Type: "string", Title: "Accessible name", Control: ControlText, MaxLength: 200},
			}},
			Children: AnyChildren("Page", "Form", "Navbar", "Footer", "Hero"),
			Template: `<form class="{{.Class}}"{{.Attrs}} method="post" action="/_forms/{{.P.formId}}"{{with .P.label}} aria-label="{{.}}"{{end}}>{{.Children}}</form>`,
			CSS:      `.pw-form{display:grid;gap:1rem;max-width:36rem}.pw-form label,.pw-form legend{display:block;font-weight:600;margin-bottom:.25rem}.pw-help{margin:.25rem 0 0;font-size:.875em;color:var(--pw-color-text-muted,#57606a)}.pw-textinput input,.pw-textarea textarea,.pw-select select{display:block;width:100%;font:inherit;padding:.5rem .75rem;border:1px solid var(--pw-color-border-strong,#6e7781);border-radius:.375rem;background:#fff;color:inherit}`,
		},
		{
			Name: "TextInput", Category: "Forms", Icon: "text-cursor-input",
			Props: Schema{Props: []Prop{
				labelProp, nameProp,
				{Name: "type", Type: "string", Title: "Kind", Control: ControlSelect, Enum: []any{"text", "email", "tel", "url", "number", "date", "password", "search"}, Default: "text"},
				requiredProp,
				{Name: "pattern", Type: "string", Title: "Pattern", Control: ControlText, MaxLength: 500},
				{Name: "autocomplete", Type: "string", Title: "Autocomplete", Description: "e.g. name, email, tel, postal-code", Control: ControlText, MaxLength: 100},
				{Name: "placeholder", Type: "string", Title: "Placeholder", Control: ControlText, MaxLength: 200},
				helpProp,
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>` + labelTpl + `<input id="{{.D.ID}}" name="{{.P.name}}" type="{{.P.type}}"{{if .P.required}} required{{end}}{{with .D.Pattern}} pattern="{{.}}"{{end}}{{with .P.autocomplete}} autocomplete="{{.}}"{{end}}{{with .D.Placeholder}} placeholder="{{.}}"{{end}}` + describedBy + `>` + helpTpl + `</div>`,
			Validate: validateAutocomplete,
			Prepare: func(c *Context) error {
				typ := str(c.Props, "type")
				d := struct {
					field
					Pattern, Placeholder string
				}{field: prepareField(c)}
				if typ != "number" && typ != "date" {
					d.Pattern = str(c.Props, "pattern")
				}
				if typ != "date" {
					d.Placeholder = str(c.Props, "placeholder")
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "Textarea", Category: "Forms", Icon: "letter-text",
			Props: Schema{Props: []Prop{
				labelProp, nameProp, requiredProp,
				{Name: "rows", Type: "integer", Title: "Rows", Control: ControlNumber, Minimum: fp(1), Maximum: fp(50), Default: 4},
				{Name: "maxLength", Type: "integer", Title: "Maximum length", Control: ControlNumber, Minimum: fp(1), Maximum: fp(100000)},
				{Name: "autocomplete", Type: "string", Title: "Autocomplete", Control: ControlText, MaxLength: 100},
				{Name: "placeholder", Type: "string", Title: "Placeholder", Control: ControlText, MaxLength: 200},
				helpProp,
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>` + labelTpl + `<textarea id="{{.D.ID}}" name="{{.P.name}}" rows="{{.P.rows}}"{{if .P.required}} required{{end}}{{with .P.maxLength}} maxlength="{{.}}"{{end}}{{with .P.autocomplete}} autocomplete="{{.}}"{{end}}{{with .P.placeholder}} placeholder="{{.}}"{{end}}` + describedBy + `></textarea>` + helpTpl + `</div>`,
			Validate: validateAutocomplete,
			Prepare: func(c *Context) error {
				c.Data = prepareField(c)
				return nil
			},
		},
		{
			Name: "Select", Category: "Forms", Icon: "chevrons-up-down",
			Props: Schema{Props: []Prop{
				labelProp, nameProp, optionItems(), requiredProp,
				{Name: "placeholder", Type: "string", Title: "Prompt", Control: ControlText, MaxLength: 200, Default: "Choose…"},
				{Name: "autocomplete", Type: "string", Title: "Autocomplete", Control: ControlText, MaxLength: 100},
				helpProp,
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>` + labelTpl + `<select id="{{.D.ID}}" name="{{.P.name}}"{{if .P.required}} required{{end}}{{with .P.autocomplete}} autocomplete="{{.}}"{{end}}` + describedBy + `><option value="">{{.P.placeholder}}</option>{{range .D.Options}}<option value="{{.value}}">{{.label}}</option>{{end}}</select>` + helpTpl + `</div>`,
			CSS:      `.pw-select select{appearance:auto}`,
			Validate: validateAutocomplete,
			Prepare: func(c *Context) error {
				c.Data = struct {
					field
					Options []map[string]any
				}{prepareField(c), objects(c.Props, "options")}
				return nil
			},
		},
		{
			Name: "Checkbox", Category: "Forms", Icon: "square-check",
			Props: Schema{Props: []Prop{
				labelProp, nameProp,
				{Name: "value", Type: "string", Title: "Value", Control: ControlText, MaxLength: 200, Default: "yes"},
				requiredProp,
				{Name: "checked", Type: "boolean", Title: "Checked at first", Control: ControlToggle},
				helpProp,
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}><input id="{{.D.ID}}" type="checkbox" name="{{.P.name}}" value="{{.P.value}}"{{if .P.required}} required{{end}}{{if .P.checked}} checked{{end}}` + describedBy + `>` + labelTpl + helpTpl + `</div>`,
			CSS:      `.pw-checkbox{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.pw-checkbox input{width:1.25rem;height:1.25rem}.pw-checkbox label{margin:0}.pw-checkbox .pw-help{flex-basis:100%}`,
			Prepare: func(c *Context) error {
				c.Data = prepareField(c)
				return nil
			},
		},
		{
			Name: "RadioGroup", Category: "Forms", Icon: "circle-dot",
			Props: Schema{Props: []Prop{
				labelProp, nameProp, optionItems(), requiredProp, helpProp,
			}},
			Template: `<fieldset class="{{.Class}}"{{.Attrs}}` + describedBy + `><legend>{{.P.label}}{{if .P.required}}<span class="pw-req" aria-hidden="true"> *</span>{{end}}</legend>{{range .D.Options}}<div class="pw-radio"><input id="{{.ID}}" type="radio" name="{{$.P.name}}" value="{{.Value}}"{{if $.P.required}} required{{end}}><label for="{{.ID}}">{{.Label}}</label></div>{{end}}` + helpTpl + `</fieldset>`,
			CSS:      `.pw-radiogroup{border:0;padding:0;margin:0}.pw-radio{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}.pw-radio input{width:1.25rem;height:1.25rem}.pw-radio label{font-weight:400;margin:0}`,
			Prepare: func(c *Context) error {
				type opt struct{ ID, Label, Value string }
				d := struct {
					HelpID  string
					Options []opt
				}{}
				name := str(c.Props, "name")
				for _, o := range objects(c.Props, "options") {
					d.Options = append(d.Options, opt{ID: c.IDs.ID("f-" + name + "-" + str(o, "value")), Label: str(o, "label"), Value: str(o, "value")})
				}
				if str(c.Props, "help") != "" {
					d.HelpID = c.IDs.ID("f-" + name + "-help")
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "SubmitButton", Category: "Forms", Icon: "send",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 200, Default: "Submit"},
			}},
			Template: `<button type="submit" class="{{.Class}} pw-button pw-button--primary"{{.Attrs}}>{{.P.text}}</button>`,
			CSS:      buttonCSS(".pw-submitbutton") + `.pw-submitbutton{justify-self:start}`,
		},
		{
			Name: "Navbar", Category: "Navigation", Icon: "panel-top",
			Props: Schema{Props: []Prop{
				{Name: "brand", Type: "string", Title: "Site name", Control: ControlText, Required: true, MaxLength: 200, Default: "Site"},
				{Name: "brandHref", Type: "string", Title: "Site name link", Control: ControlLink, Format: FormatURL, Default: "/"},
				linkItems("links", "Links"),
				{Name: "navLabel", Type: "string", Title: "Navigation name", Control: ControlText, MaxLength: 100, Default: "Main"},
			}},
			Template: `<header class="{{.Class}}"{{.Attrs}}><a class="pw-navbar-brand" href="{{.D.Brand}}">{{.P.brand}}</a>{{if .D.Links}}<nav aria-label="{{.P.navLabel}}"><ul class="pw-navbar-links">{{range .D.Links}}<li><a href="{{.Href}}">{{.Label}}</a></li>{{end}}</ul></nav>{{end}}</header>`,
			CSS:      `.pw-navbar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:1rem}.pw-navbar-brand{font-weight:700;font-size:1.25rem;color:inherit;text-decoration:none}.pw-navbar-links{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0;padding:0}.pw-navbar-links a{color:var(--pw-color-link,#0a58ca);display:inline-block;padding:.5rem 0}`,
			Prepare: func(c *Context) error {
				brand, err := link(c.Props, "brandHref")
				if err != nil {
					return err
				}
				l, err := links(c.Props, "links")
				c.Data = struct {
					Brand template.URL
					Links []navLink
				}{brand, l}
				return err
			},
		},
		{
			Name: "Footer", Category: "Navigation", Icon: "panel-bottom",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Small print", Control: ControlText, MaxLength: 500},
				linkItems("links", "Links"),
				{Name: "navLabel", Type: "string", Title: "Navigation name", Control: ControlText, MaxLength: 100, Default: "Footer"},
			}},
			Children: AnyChildren("Page", "Footer", "Navbar", "Hero", "Section"),
			Template: `<footer class="{{.Class}}"{{.Attrs}}>{{.Children}}{{if .D}}<nav aria-label="{{.P.navLabel}}"><ul class="pw-footer-links">{{range .D}}<li><a href="{{.Href}}">{{.Label}}</a></li>{{end}}</ul></nav>{{end}}{{with .P.text}}<p class="pw-footer-text">{{.}}</p>{{end}}</footer>`,
			CSS:      `.pw-footer{padding:2rem 1rem;border-top:1px solid var(--pw-color-border-default,#d0d7de)}.pw-footer-links{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0 0 1rem;padding:0}.pw-footer-links a{color:var(--pw-color-link,#0a58ca)}.pw-footer-text{margin:0;font-size:.875em}`,
			Prepare: func(c *Context) error {
				l, err := links(c.Props, "links")
				c.Data = l
				return err
			},
		},
		{
			Name: "Accordion", Category: "Interactive", Icon: "list-collapse",
			Props: Schema{Props: []Prop{
				{Name: "items", Type: "array", Title: "Items", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "summary", Type: "string", Title: "Question", Control: ControlText, Required: true, MaxLength: 500},
					{Name: "body", Type: "string", Title: "Answer", Control: ControlRichText, MaxLength: 50_000},
				}}}},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{range .D}}<details class="pw-accordion-item"><summary>{{.Summary}}</summary><div class="pw-accordion-body">{{.Body}}</div></details>{{end}}</div>`,
			CSS:      `.pw-accordion-item{border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}.pw-accordion-item summary{cursor:pointer;padding:1rem 0;font-weight:600}.pw-accordion-body{padding:0 0 1rem}`,
			Prepare: func(c *Context) error {
				type item struct {
					Summary string
					Body    template.HTML
				}
				var items []item
				for _, it := range objects(c.Props, "items") {
					items = append(items, item{str(it, "summary"), SanitizeRichText(str(it, "body"))})
				}
				c.Data = items
				return nil
			},
		},
		{
			Name: "Tabs", Category: "Interactive", Icon: "panels-top-left",
			Props: Schema{Props: []Prop{
				{Name: "label", Type: "string", Title: "Accessible name", Control: ControlText, Required: true, MaxLength: 200, Default: "Tabs"},
				{Name: "items", Type: "array", Title: "Tabs", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "label", Type: "string", Title: "Tab", Control: ControlText, Required: true, MaxLength: 200},
					{Name: "body", Type: "string", Title: "Content", Control: ControlRichText, MaxLength: 50_000},
				}}}},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}} data-pw-tabs><div class="pw-tablist" role="tablist" aria-label="{{.P.label}}">{{range $i, $t := .D}}<button type="button" role="tab" id="{{$t.Tab}}" aria-controls="{{$t.Panel}}" aria-selected="{{if eq $i 0}}true{{else}}false{{end}}"{{if ne $i 0}} tabindex="-1"{{end}}>{{$t.Label}}</button>{{end}}</div>{{range $i, $t := .D}}<div class="pw-tabpanel" role="tabpanel" id="{{$t.Panel}}" aria-labelledby="{{$t.Tab}}" tabindex="0"{{if ne $i 0}} hidden{{end}}>{{$t.Body}}</div>{{end}}</div>`,
			CSS:      `.pw-tablist{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}.pw-tablist [role=tab]{font:inherit;padding:.5rem 1rem;border:0;border-bottom:3px solid transparent;background:none;color:inherit;cursor:pointer}.pw-tablist [aria-selected=true]{border-bottom-color:var(--pw-color-primary,#0a58ca);font-weight:600}.pw-tabpanel{padding:1rem 0}`,
			Script:   `document.querySelectorAll("[data-pw-tabs]").forEach(function(r){var t=[].slice.call(r.querySelectorAll("[role=tab]"));function s(i){t.forEach(function(b,j){var on=i===j;b.setAttribute("aria-selected",on);b.tabIndex=on?0:-1;document.getElementById(b.getAttribute("aria-controls")).hidden=!on});t[i].focus()}t.forEach(function(b,i){b.addEventListener("click",function(){s(i)});b.addEventListener("keydown",function(e){var n=t.length,k=e.key,j=k=="ArrowRight"?(i+1)%n:k=="ArrowLeft"?(i+n-1)%n:k=="Home"?0:k=="End"?n-1:-1;if(j>=0){e.preventDefault();s(j)}})})});`,
			Prepare: func(c *Context) error {
				type tab struct {
					Tab, Panel, Label string
					Body              template.HTML
				}
				var tabs []tab
				for i, it := range objects(c.Props, "items") {
					base := fmt.Sprintf("%s-%d", c.NodeID, i+1)
					tabs = append(tabs, tab{c.IDs.ID(base + "-tab"), c.IDs.ID(base + "-panel"), str(it, "label"), SanitizeRichText(str(it, "body"))})
				}
				c.Data = tabs
				return nil
			},
		},
		{
			Name: "Table", Category: "Data", Icon: "table",
			Props: Schema{Props: []Prop{
				{Name: "caption", Type: "string", Title: "Caption", Description: "Says what the table shows; read first by screen readers.", Control: ControlText, Required: true, MaxLength: 300, Default: "Table"},
				{Name: "headers", Type: "array", Title: "Column headings", Items: &Prop{Type: "string", MaxLength: 300}},
				{Name: "rows", Type: "array", Title: "Rows", Items: &Prop{Type: "array", Items: &Prop{Type: "string", MaxLength: 2000}}},
				{Name: "rowHeaders", Type: "boolean", Title: "First column is headings", Control: ControlToggle},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}><table><caption>{{.P.caption}}</caption>{{with .D.Headers}}<thead><tr>{{range .}}<th scope="col">{{.}}</th>{{end}}</tr></thead>{{end}}<tbody>{{range .D.Rows}}<tr>{{range $i, $c := .}}{{if and $.P.rowHeaders (eq $i 0)}}<th scope="row">{{$c}}</th>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>{{end}}</tbody></table></div>`,
			CSS:      `.pw-table{overflow-x:auto}.pw-table table{border-collapse:collapse;width:100%}.pw-table caption{text-align:start;font-weight:600;padding:.5rem 0}.pw-table th,.pw-table td{text-align:start;padding:.5rem;border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}`,
			Prepare: func(c *Context) error {
				d := struct {
					Headers []string
					Rows    [][]string
				}{Headers: stringList(c.Props, "headers")}
				rows, _ := asList(c.Props["rows"])
				for _, r := range rows {
					d.Rows = append(d.Rows, stringList(map[string]any{"r": r}, "r"))
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "Testimonial", Category: "Content", Icon: "quote",
			Props: Schema{Props: []Prop{
				{Name: "quote", Type: "string", Title: "Quote", Control: ControlTextarea, Required: true, MaxLength: 2000, Default: "A kind word."},
				{Name: "name", Type: "string", Title: "Name", Control: ControlText, Required: true, MaxLength: 200, Default: "A. Person"},
				{Name: "role", Type: "string", Title: "Role", Control: ControlText, MaxLength: 200},
				{Name: "avatar", Type: "string", Title: "Photo", Control: ControlImage, Format: FormatImageURL},
			}},
			Template: `<figure class="{{.Class}}"{{.Attrs}}><blockquote><p>{{.P.quote}}</p></blockquote><figcaption>{{with .D}}<img src="{{.}}" alt="" width="48" height="48" loading="lazy" decoding="async">{{end}}<span class="pw-testimonial-name">{{.P.name}}</span>{{with .P.role}}<span class="pw-testimonial-role">{{.}}</span>{{end}}</figcaption></figure>`,
			CSS:      `.pw-testimonial{margin:0;padding:1.5rem;border-inline-start:4px solid var(--pw-color-primary,#0a58ca)}.pw-testimonial blockquote{margin:0 0 1rem;font-size:1.125rem}.pw-testimonial figcaption{display:flex;gap:.75rem;align-items:center}.pw-testimonial img{border-radius:50%}.pw-testimonial-name{font-weight:600}.pw-testimonial-role{color:var(--pw-color-text-muted,#57606a)}`,
			Prepare: func(c *Context) error {
				c.Data = template.URL("")
				if s := str(c.Props, "avatar"); s != "" {
					u, ok := SafeImageURL(s)
					if !ok {
						return badProp("avatar", "must be an http(s) or relative URL")
					}
					c.Data = u
				}
				return nil
			},
		},
		{
			Name: "PricingTable", Category: "Content", Icon: "badge-dollar-sign",
			Props: Schema{Props: []Prop{
				levelProp(3),
				{Name: "plans", Type: "array", Title: "Plans", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "name", Type: "string", Title: "Name", Control: ControlText, Required: true, MaxLength: 200},
					{Name: "price", Type: "string", Title: "Price", Control: ControlText, Required: true, MaxLength: 100},
					{Name: "period", Type: "string", Title: "Period", Control: ControlText, MaxLength: 100},
					{Name: "features", Type: "array", Title: "Features", Items: &Prop{Type: "string", MaxLength: 500}},
					{Name: "ctaText", Type: "string", Title: "Button text", Control: ControlText, MaxLength: 200},
					{Name: "ctaHref", Type: "string", Title: "Button link", Control: ControlLink, Format: FormatURL},
					{Name: "highlighted", Type: "boolean", Title: "Highlight", Control: ControlToggle},
				}}}},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{range .D.Plans}}<div class="pw-plan{{if .Highlighted}} pw-plan--highlighted{{end}}">` + headings("$.D.Level", ` class="pw-plan-name"`, "{{.Name}}") +
				`<p class="pw-plan-price"><span class="pw-plan-amount">{{.Price}}</span>{{with .Period}} <span class="pw-plan-period">{{.}}</span>{{end}}</p>{{with .Features}}<ul class="pw-plan-features">{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}{{if and .CTA .Href}}<a class="pw-button pw-button--primary" href="{{.Href}}">{{.CTA}}</a>{{end}}</div>{{end}}</div>`,
			CSS: `.pw-pricingtable{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}.pw-plan{border:1px solid var(--pw-color-border-default,#d0d7de);border-radius:var(--pw-radius-md,.5rem);padding:1.5rem}.pw-plan--highlighted{border:2px solid var(--pw-color-primary,#0a58ca)}.pw-plan-name{margin:0 0 .5rem}.pw-plan-amount{font-size:2rem;font-weight:700}.pw-plan-features{padding-inline-start:1.25em}` + buttonCSS(".pw-plan .pw-button"),
			Prepare: func(c *Context) error {
				type plan struct {
					Name, Price, Period, CTA string
					Features                 []string
					Href                     template.URL
					Highlighted              bool
				}
				d := struct {
					Level int
					Plans []plan
				}{Level: int(num(c.Props, "level", 3))}
				for i, p := range objects(c.Props, "plans") {
					u, err := link(p, "ctaHref")
					if err != nil {
						return badProp(fmt.Sprintf("plans[%d].ctaHref", i), "must be an http(s), mailto, tel, relative or #fragment URL")
					}
					d.Plans = append(d.Plans, plan{str(p, "name"), str(p, "price"), str(p, "period"), str(p, "ctaText"), stringList(p, "features"), u, flag(p, "highlighted")})
				}
				c.Data = d
				return nil
			},
		},
		{
			Name: "Icon", Category: "Media", Icon: "smile",
			Props: Schema{Props: []Prop{
				{Name: "name", Type: "string", Title: "Icon", Control: ControlSelect, Enum: iconEnum(), Required: true, Default: "check"},
				{Name: "label", Type: "string", Title: "Accessible name", Description: "Leave empty when the icon is decorative.", Control: ControlText, MaxLength: 200},
				{Name: "size", Type: "integer", Title: "Size (px)", Control: ControlNumber, Minimum: fp(8), Maximum: fp(256), Default: 24},
			}},
			Template: `<svg class="{{.Class}}"{{.Attrs}} xmlns="http://www.w3.org/2000/svg" width="{{.P.size}}" height="{{.P.size}}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"{{with .P.label}} role="img" aria-label="{{.}}"{{else}} aria-hidden="true"{{end}} focusable="false">{{.D}}</svg>`,
			CSS:      `.pw-icon{display:inline-block;vertical-align:middle;flex:none}`,
			Prepare: func(c *Context) error {
				c.Data = icons[str(c.Props, "name")]
				return nil
			},
		},
		{
			Name: "Video", Category: "Media", Icon: "youtube",
			Props: Schema{Props: []Prop{
				{Name: "videoId", Type: "string", Title: "YouTube video id", Description: "The 11 characters after v= in the video's address.", Control: ControlText, Required: true},
				{Name: "title", Type: "string", Title: "Title", Description: "Names the video for screen readers.", Control: ControlText, Required: true, MaxLength: 300},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}><a class="pw-video-link" href="https://www.youtube.com/watch?v={{.P.videoId}}" data-pw-yt="{{.P.videoId}}" data-pw-title="{{.P.title}}"><img src="https://i.ytimg.com/vi/{{.P.videoId}}/hqdefault.jpg" alt="" width="480" height="360" loading="lazy" decoding="async"><span class="pw-video-play">Play video: {{.P.title}}</span></a></div>`,
			CSS:      `.pw-video{position:relative;aspect-ratio:16/9;max-width:100%;background:#000}.pw-video-link{display:block;width:100%;height:100%;color:#fff}.pw-video img,.pw-video iframe{width:100%;height:100%;object-fit:cover;border:0}.pw-video-play{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);padding:.75rem 1.25rem;border-radius:.5rem;background:rgba(0,0,0,.8);font-weight:600}`,
			Script:   `document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("a[data-pw-yt]");if(!a)return;e.preventDefault();var f=document.createElement("iframe");f.src="https://www.youtube-nocookie.com/embed/"+encodeURIComponent(a.getAttribute("data-pw-yt"))+"?autoplay=1";f.title=a.getAttribute("data-pw-title")||"Video";f.allow="autoplay; encrypted-media; picture-in-picture";f.allowFullscreen=true;a.replaceWith(f);f.focus()});`,
			Validate: func(p map[string]any) []FieldError {
				if s, ok := p["videoId"].(string); ok && !videoID.MatchString(s) {
					return []FieldError{{Path: "props.videoId", Message: "must be an 11-character YouTube video id"}}
				}
				return nil
			},
		},
		{
			Name: "Embed", Category: "Advanced", Icon: "code",
			Props: Schema{Props: []Prop{
				{Name: "html", Type: "string", Title: "HTML", Description: "Sanitised: scripts, styles, frames and event handlers are removed.", Control: ControlTextarea, Required: true, MaxLength: 100_000, Default: "<p>Embedded content</p>"},
			}},
			Template: `<div class="{{.Class}}"{{.Attrs}}>{{.D}}</div>`,
			Prepare: func(c *Context) error {
				c.Data = SanitizeEmbed(str(c.Props, "html"))
				return nil
			},
		},
	}
}

func validateAutocomplete(p map[string]any) []FieldError {
	if s, ok := p["autocomplete"].(string); ok && s != "" && !autocompleteRe.MatchString(s) {
		return []FieldError{{Path: "props.autocomplete", Message: "must be autocomplete tokens such as \"email\" or \"shipping postal-code\""}}
	}
	return nil
}

// buttonCSS is the button look, scoped to sel.
func buttonCSS(sel string) string {
	return sel + `{display:inline-block;font:inherit;font-weight:600;line-height:1.25;padding:.75rem 1.25rem;border-radius:var(--pw-radius-md,.5rem);border:2px solid var(--pw-color-primary,#0a58ca);background:var(--pw-color-primary,#0a58ca);color:var(--pw-color-on-primary,#fff);text-decoration:none;cursor:pointer}` +
		sel + `.pw-button--secondary{background:var(--pw-color-secondary,#e7eef8);border-color:var(--pw-color-secondary,#e7eef8);color:var(--pw-color-on-secondary,#0a3d91)}` +
		sel + `.pw-button--outline{background:transparent;color:var(--pw-color-primary,#0a58ca)}`
}
