package component

import (
	"errors"
	"regexp"
	"strconv"
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

// optionItems is the schema of a list of {label, value} choices, with the
// choices a newly inserted control starts with.
func optionItems(def []any) Prop {
	return Prop{Name: "options", Type: "array", Title: "Options", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
		{Name: "label", Type: "string", Title: "Label", Control: ControlText, Required: true, MaxLength: 200},
		{Name: "value", Type: "string", Title: "Value", Control: ControlText, Required: true, MaxLength: 200},
	}}}, Default: def}
}

// option is one {label, value} choice of a default options list.
func option(label, value string) map[string]any {
	return map[string]any{"label": label, "value": value}
}

// The defaults of the list-like types. The editor inserts a new component
// with its type's defaults, so they must pass the type's own schema (a
// required list cannot start empty) and read like a real page would.
var (
	defaultClinics = []any{
		option("Riverside Clinic", "riverside"),
		option("Hillside Health Centre", "hillside"),
		option("Town Centre Surgery", "town-centre"),
	}
	defaultAppointmentKinds = []any{
		option("In person", "in-person"),
		option("Phone call", "phone"),
		option("Video call", "video"),
	}
	defaultFAQ = []any{
		map[string]any{"summary": "Do I need an appointment?", "body": "<p>Most of our clinics see patients by appointment. Book online or call us; walk-in times are listed on each clinic’s page.</p>"},
		map[string]any{"summary": "What should I bring?", "body": "<p>Bring photo ID, your health card and a list of any medicines you take.</p>"},
		map[string]any{"summary": "Can I change or cancel my appointment?", "body": "<p>Yes. Please let us know at least 24 hours before, so that we can offer the time to someone else.</p>"},
	}
	defaultTabs = []any{
		map[string]any{"label": "Opening hours", "body": "<p>Monday to Friday, 8am to 6pm. Saturday, 9am to 1pm.</p>"},
		map[string]any{"label": "Getting here", "body": "<p>Buses 12 and 40 stop outside the main entrance. Parking is free for blue badge holders.</p>"},
	}
	defaultPlans = []any{
		map[string]any{"name": "Essential health check", "price": "£49", "period": "per visit",
			"features": []any{"Blood pressure and BMI", "Cholesterol test", "Results within 48 hours"},
			"ctaText":  "Book a check", "ctaHref": "#book"},
		map[string]any{"name": "Complete health check", "price": "£129", "period": "per visit",
			"features": []any{"Everything in the essential check", "Diabetes and thyroid tests", "A 30-minute review with a doctor"},
			"ctaText":  "Book a check", "ctaHref": "#book", "highlighted": true},
	}
)

// Field props shared by form controls.
var (
	labelProp    = Prop{Name: "label", Type: "string", Title: "Label", Control: ControlText, Required: true, MaxLength: 300, Default: "Label"}
	nameProp     = Prop{Name: "name", Type: "string", Title: "Field name", Control: ControlText, Format: FormatName, Required: true, Default: "field"}
	requiredProp = Prop{Name: "required", Type: "boolean", Title: "Required", Control: ControlToggle}
	helpProp     = Prop{Name: "help", Type: "string", Title: "Help text", Control: ControlText, MaxLength: 500}
	gapProp      = Prop{Name: "gap", Type: "string", Title: "Gap", Control: ControlToken, MaxLength: 200, Default: "1rem"}
)

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
			CSS:      `.pw-page{min-height:100vh;display:flex;flex-direction:column}.pw-page>main{flex:1}.pw-skip{position:absolute;left:-10000px;top:auto}.pw-skip:focus{left:1rem;top:1rem;z-index:100;padding:.5rem 1rem;background:#fff;color:#0a3d91}`,
			Render:   renderPage,
			Prepare: func(c *Context) error {
				c.Data = c.IDs.ID("main")
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
			CSS:      `.pw-section{padding:var(--pw-space-section,3rem) 1rem}`,
			Render:   renderSection,
			Prepare: func(c *Context) error {
				if a := c.Props.Str("anchor"); a != "" {
					c.Data = c.IDs.ID(a)
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
			CSS:      `.pw-container{margin-inline:auto;width:100%;max-width:72rem;padding-inline:1rem}.pw-container--narrow{max-width:42rem}.pw-container--wide{max-width:90rem}.pw-container--full{max-width:none}`,
			Render:   renderContainer,
			Prepare: func(c *Context) error {
				switch c.Props.Str("width") {
				case "narrow":
					c.Class = "pw-container--narrow"
				case "wide":
					c.Class = "pw-container--wide"
				case "full":
					c.Class = "pw-container--full"
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
			CSS:      `.pw-stack{display:flex;flex-direction:column}`,
			Render:   renderStack,
			Prepare: func(c *Context) error {
				if c.Props.Str("direction") == "horizontal" {
					c.SetStyle("base", "flex-direction", "row")
				}
				if c.Props.Flag("wrap") {
					c.SetStyle("base", "flex-wrap", "wrap")
				}
				c.SetStyle("base", "gap", c.Props.Str("gap"))
				switch c.Props.Str("align") {
				case "start":
					c.SetStyle("base", "align-items", "flex-start")
				case "end":
					c.SetStyle("base", "align-items", "flex-end")
				case "center":
					c.SetStyle("base", "align-items", "center")
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
			CSS:      `.pw-columns{display:grid;grid-template-columns:minmax(0,1fr)}`,
			Render:   renderColumns,
			Prepare: func(c *Context) error {
				if n := c.Props.Num("count", 1); n > 1 {
					c.SetStyle("base", "grid-template-columns", gridColumns(n))
				}
				if n := c.Props.Num("countMd", 0); n > 0 {
					c.SetStyle("md", "grid-template-columns", gridColumns(n))
				}
				if n := c.Props.Num("countLg", 0); n > 0 {
					c.SetStyle("lg", "grid-template-columns", gridColumns(n))
				}
				c.SetStyle("base", "gap", c.Props.Str("gap"))
				return nil
			},
		},
		{
			Name: "Heading", Category: "Text", Icon: "heading",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 500, Default: "Heading"},
				levelProp(2),
			}},
			CSS:    `.pw-heading{line-height:1.2;margin:0 0 .5em;text-wrap:balance}`,
			Render: renderHeading,
		},
		{
			Name: "Text", Category: "Text", Icon: "pilcrow",
			Props: Schema{Props: []Prop{
				{Name: "html", Type: "string", Title: "Text", Control: ControlRichText, MaxLength: 100_000, Default: "<p>Write something.</p>"},
			}},
			CSS:    `.pw-text{max-width:70ch}.pw-text>:first-child{margin-top:0}.pw-text>:last-child{margin-bottom:0}.pw-text a{color:var(--pw-color-link,#0a58ca)}`,
			Render: renderText,
		},
		{
			Name: "Image", Category: "Media", Icon: "image",
			Props: Schema{Props: []Prop{
				// Not required: a new image starts without one, and shows a
				// placeholder in the editor and nothing on the published page.
				{Name: "src", Type: "string", Title: "Image", Description: "Until one is chosen, the editor shows a placeholder and the published page shows nothing.", Control: ControlImage, Format: FormatImageURL},
				{Name: "alt", Type: "string", Title: "Alternative text", Description: "Describe the image; required unless it is decorative. An asset's own alt text is used when empty.", Control: ControlText, MaxLength: 500},
				{Name: "decorative", Type: "boolean", Title: "Decorative", Control: ControlToggle},
				{Name: "width", Type: "integer", Title: "Width (px)", Description: "Required for an image given by its address; an asset brings its own size.", Control: ControlNumber, Minimum: fp(1), Maximum: fp(10000)},
				{Name: "height", Type: "integer", Title: "Height (px)", Description: "Required for an image given by its address; an asset brings its own size.", Control: ControlNumber, Minimum: fp(1), Maximum: fp(10000)},
				{Name: "priority", Type: "boolean", Title: "Load first (above the fold)", Control: ControlToggle},
				{Name: "variants", Type: "array", Title: "Sizes", Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "src", Type: "string", Title: "Image", Control: ControlImage, Format: FormatImageURL, Required: true},
					{Name: "width", Type: "integer", Title: "Width (px)", Control: ControlNumber, Required: true, Minimum: fp(1), Maximum: fp(10000)},
				}}}},
				{Name: "sizes", Type: "string", Title: "Sizes", Control: ControlText, MaxLength: 300, Default: "100vw"},
				{Name: "caption", Type: "string", Title: "Caption", Control: ControlText, MaxLength: 500},
			}},
			CSS:       `.pw-image{display:block;margin:0}.pw-image picture{display:contents}.pw-image img{display:block;max-width:100%;height:auto}.pw-image figcaption{font-size:.875em;margin-top:.5em}`,
			EditorCSS: `.pw-image--empty{aspect-ratio:16/9}` + placeholderCSS(".pw-image--empty"),
			Render:    renderImage,
			Validate:  validateImage,
			Prepare:   prepareImage,
		},
		{
			Name: "Button", Category: "Basic", Icon: "mouse-pointer-click",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 200, Default: "Button"},
				{Name: "href", Type: "string", Title: "Link", Description: "Leave empty for a plain button.", Control: ControlLink, Format: FormatURL},
				{Name: "variant", Type: "string", Title: "Style", Control: ControlSelect, Enum: []any{"primary", "secondary", "outline"}, Default: "primary"},
			}},
			CSS:    buttonCSS(".pw-button"),
			Render: renderButton,
			Prepare: func(c *Context) error {
				switch c.Props.Str("variant") {
				case "primary":
					c.Class = "pw-button--primary"
				case "secondary":
					c.Class = "pw-button--secondary"
				case "outline":
					c.Class = "pw-button--outline"
				default:
					c.Class = "pw-button--" + c.Props.Str("variant")
				}
				return checkLink(c.Props.Str("href"), "href")
			},
		},
		{
			Name: "Link", Category: "Basic", Icon: "link",
			Props: Schema{Props: []Prop{
				{Name: "text", Type: "string", Title: "Text", Control: ControlText, Required: true, MaxLength: 300, Default: "Link"},
				{Name: "href", Type: "string", Title: "Link", Control: ControlLink, Format: FormatURL, Required: true, Default: "#"},
				{Name: "newTab", Type: "boolean", Title: "Open in a new tab", Control: ControlToggle},
			}},
			CSS:    `.pw-link{color:var(--pw-color-link,#0a58ca);text-decoration:underline}`,
			Render: renderLink,
			Prepare: func(c *Context) error {
				return checkLink(c.Props.Str("href"), "href")
			},
		},
		{
			Name: "List", Category: "Text", Icon: "list",
			Props: Schema{Props: []Prop{
				{Name: "items", Type: "array", Title: "Items", Required: true, Items: &Prop{Type: "string", MaxLength: 1000}, Default: []any{"First item"}},
				{Name: "ordered", Type: "boolean", Title: "Numbered", Control: ControlToggle},
			}},
			CSS:    `.pw-list{padding-inline-start:1.5em}`,
			Render: renderList,
		},
		{
			Name: "Divider", Category: "Basic", Icon: "minus",
			CSS:    `.pw-divider{border:0;border-top:1px solid var(--pw-color-border-default,#d0d7de);margin:2rem 0}`,
			Render: renderDivider,
		},
		{
			Name: "Spacer", Category: "Basic", Icon: "move-vertical",
			Props: Schema{Props: []Prop{
				{Name: "size", Type: "string", Title: "Size", Control: ControlToken, MaxLength: 200, Default: "2rem"},
			}},
			CSS:    `.pw-spacer{flex:none}`,
			Render: renderSpacer,
			Prepare: func(c *Context) error {
				c.SetStyle("base", "height", c.Props.Str("size"))
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
			CSS:      `.pw-card{border:1px solid var(--pw-color-border-default,#d0d7de);border-radius:var(--pw-radius-md,.5rem);padding:1.5rem;background:var(--pw-card-background,#fff)}.pw-card-title{margin:0 0 .5rem;font-size:1.25rem}`,
			Render:   renderCard,
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
			CSS:     `.pw-hero{display:grid;gap:2rem;align-items:center;padding:4rem 1rem}@media (min-width:768px){.pw-hero:has(.pw-hero-image){grid-template-columns:1fr 1fr}}.pw-hero-heading{font-size:clamp(2rem,5vw,3.5rem);line-height:1.1;margin:0 0 1rem}.pw-hero-text{font-size:1.25rem;margin:0 0 1.5rem;max-width:60ch}.pw-hero picture{display:contents}.pw-hero-image{width:100%;height:auto;border-radius:var(--pw-radius-lg,1rem)}` + buttonCSS(".pw-hero .pw-button"),
			Render:  renderHero,
			Prepare: prepareHero,
		},
		{
			Name: "Form", Category: "Forms", Icon: "clipboard-list",
			Props: Schema{Props: []Prop{
				{Name: "formId", Type: "string", Title: "Form id", Control: ControlText, Format: FormatName, Required: true, Default: "contact"},
				{Name: "label", Type: "string", Title: "Accessible name", Control: ControlText, MaxLength: 200},
			}},
			Children: AnyChildren("Page", "Form", "Navbar", "Footer", "Hero"),
			CSS:      `.pw-form{display:grid;gap:1rem;max-width:36rem}.pw-hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}.pw-form label,.pw-form legend{display:block;font-weight:600;margin-bottom:.25rem}.pw-help{margin:.25rem 0 0;font-size:.875em;color:var(--pw-color-text-muted,#57606a)}.pw-textinput input,.pw-textarea textarea,.pw-select select{display:block;width:100%;font:inherit;padding:.5rem .75rem;border:1px solid var(--pw-color-border-strong,#6e7781);border-radius:.375rem;background:var(--pw-input-background,#fff);color:var(--pw-input-text,inherit)}`,
			Render:   renderForm,
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
			Validate: validateAutocomplete,
			Render:   renderTextInput,
			Prepare:  prepareField,
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
			Validate: validateAutocomplete,
			Render:   renderTextarea,
			Prepare:  prepareField,
		},
		{
			Name: "Select", Category: "Forms", Icon: "chevrons-up-down",
			Props: Schema{Props: []Prop{
				labelProp, nameProp, optionItems(defaultClinics), requiredProp,
				{Name: "placeholder", Type: "string", Title: "Prompt", Control: ControlText, MaxLength: 200, Default: "Choose…"},
				{Name: "autocomplete", Type: "string", Title: "Autocomplete", Control: ControlText, MaxLength: 100},
				helpProp,
			}},
			CSS:      `.pw-select select{appearance:auto}`,
			Validate: validateAutocomplete,
			Render:   renderSelect,
			Prepare:  prepareField,
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
			CSS:     `.pw-checkbox{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.pw-checkbox input{width:1.25rem;height:1.25rem;flex:none}.pw-checkbox label{margin:0;flex:1 1 12rem;min-width:0}.pw-checkbox .pw-help{flex-basis:100%}`,
			Render:  renderCheckbox,
			Prepare: prepareField,
		},
		{
			Name: "RadioGroup", Category: "Forms", Icon: "circle-dot",
			Props: Schema{Props: []Prop{
				labelProp, nameProp, optionItems(defaultAppointmentKinds), requiredProp, helpProp,
			}},
			CSS:    `.pw-radiogroup{border:0;padding:0;margin:0}.pw-radio{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}.pw-radio input{width:1.25rem;height:1.25rem}.pw-radio label{font-weight:400;margin:0}`,
			Render: renderRadioGroup,
			Prepare: func(c *Context) error {
				name := c.Props.Str("name")
				opts := c.Props.Objects("options")
				d := radioData{IDs: make([]string, len(opts))}
				for i, o := range opts {
					d.IDs[i] = c.IDs.ID("f-" + name + "-" + str(o, "value"))
				}
				if c.Props.Str("help") != "" {
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
			CSS:    buttonCSS(".pw-submitbutton") + `.pw-submitbutton{justify-self:start}`,
			Render: renderSubmitButton,
		},
		{
			Name: "Navbar", Category: "Navigation", Icon: "panel-top",
			Props: Schema{Props: []Prop{
				{Name: "brand", Type: "string", Title: "Site name", Control: ControlText, Required: true, MaxLength: 200, Default: "Site"},
				{Name: "brandHref", Type: "string", Title: "Site name link", Control: ControlLink, Format: FormatURL, Default: "/"},
				linkItems("links", "Links"),
				{Name: "navLabel", Type: "string", Title: "Navigation name", Control: ControlText, MaxLength: 100, Default: "Main"},
			}},
			CSS:    `.pw-navbar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:1rem}.pw-navbar-brand{font-weight:700;font-size:1.25rem;color:inherit;text-decoration:none}.pw-navbar-links{display:flex;flex-wrap:wrap;gap:0 1rem;list-style:none;margin:0;padding:0}.pw-navbar-links a{color:var(--pw-color-link,#0a58ca);display:inline-block;padding:.5rem 0}`,
			Render: renderNavbar,
			Prepare: func(c *Context) error {
				if err := checkLink(c.Props.Str("brandHref"), "brandHref"); err != nil {
					return err
				}
				return checkLinks(c.Props.Objects("links"), "links")
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
			CSS:      `.pw-footer{padding:2rem 1rem;border-top:1px solid var(--pw-color-border-default,#d0d7de)}.pw-footer-links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;list-style:none;margin:1.5rem 0 1rem;padding:0}.pw-footer-links a{color:var(--pw-color-link,#0a58ca)}.pw-footer-text{margin:0;font-size:.875em}`,
			Render:   renderFooter,
			Prepare: func(c *Context) error {
				return checkLinks(c.Props.Objects("links"), "links")
			},
		},
		{
			Name: "Accordion", Category: "Interactive", Icon: "list-collapse",
			Props: Schema{Props: []Prop{
				{Name: "items", Type: "array", Title: "Items", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "summary", Type: "string", Title: "Question", Control: ControlText, Required: true, MaxLength: 500},
					{Name: "body", Type: "string", Title: "Answer", Control: ControlRichText, MaxLength: 50_000},
				}}}, Default: defaultFAQ},
			}},
			CSS:    `.pw-accordion-item{border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}.pw-accordion-item summary{cursor:pointer;padding:1rem 0;font-weight:600}.pw-accordion-body{padding:0 0 1rem}`,
			Render: renderAccordion,
		},
		{
			Name: "Tabs", Category: "Interactive", Icon: "panels-top-left",
			Props: Schema{Props: []Prop{
				{Name: "label", Type: "string", Title: "Accessible name", Control: ControlText, Required: true, MaxLength: 200, Default: "Tabs"},
				{Name: "items", Type: "array", Title: "Tabs", Required: true, Items: &Prop{Type: "object", Fields: &Schema{Props: []Prop{
					{Name: "label", Type: "string", Title: "Tab", Control: ControlText, Required: true, MaxLength: 200},
					{Name: "body", Type: "string", Title: "Content", Control: ControlRichText, MaxLength: 50_000},
				}}}, Default: defaultTabs},
			}},
			CSS:    `.pw-tablist{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}.pw-tablist [role=tab]{font:inherit;padding:.5rem 1rem;border:0;border-bottom:3px solid transparent;background:none;color:inherit;cursor:pointer}.pw-tablist [aria-selected=true]{border-bottom-color:var(--pw-color-primary,#0a58ca);font-weight:600}.pw-tabpanel{padding:1rem 0}`,
			Script: `document.querySelectorAll("[data-pw-tabs]").forEach(function(r){var t=[].slice.call(r.querySelectorAll("[role=tab]"));function s(i){t.forEach(function(b,j){var on=i===j;b.setAttribute("aria-selected",on);b.tabIndex=on?0:-1;document.getElementById(b.getAttribute("aria-controls")).hidden=!on});t[i].focus()}t.forEach(function(b,i){b.addEventListener("click",function(){s(i)});b.addEventListener("keydown",function(e){var n=t.length,k=e.key,j=k=="ArrowRight"?(i+1)%n:k=="ArrowLeft"?(i+n-1)%n:k=="Home"?0:k=="End"?n-1:-1;if(j>=0){e.preventDefault();s(j)}})})});`,
			Render: renderTabs,
			Prepare: func(c *Context) error {
				items := c.Props.Objects("items")
				ids := make([]string, 2*len(items))
				for i := range items {
					base := c.NodeID + "-" + strconv.Itoa(i+1)
					ids[2*i] = c.IDs.ID(base + "-tab")
					ids[2*i+1] = c.IDs.ID(base + "-panel")
				}
				c.Data = ids
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
			CSS:    `.pw-table{overflow-x:auto}.pw-table table{border-collapse:collapse;width:100%}.pw-table caption{text-align:start;font-weight:600;padding:.5rem 0}.pw-table th,.pw-table td{text-align:start;padding:.5rem;border-bottom:1px solid var(--pw-color-border-default,#d0d7de)}`,
			Render: renderTable,
		},
		{
			Name: "Testimonial", Category: "Content", Icon: "quote",
			Props: Schema{Props: []Prop{
				{Name: "quote", Type: "string", Title: "Quote", Control: ControlTextarea, Required: true, MaxLength: 2000, Default: "A kind word."},
				{Name: "name", Type: "string", Title: "Name", Control: ControlText, Required: true, MaxLength: 200, Default: "A. Person"},
				{Name: "role", Type: "string", Title: "Role", Control: ControlText, MaxLength: 200},
				{Name: "avatar", Type: "string", Title: "Photo", Control: ControlImage, Format: FormatImageURL},
			}},
			CSS:    `.pw-testimonial{margin:0;padding:1.5rem;border-inline-start:4px solid var(--pw-color-primary,#0a58ca)}.pw-testimonial blockquote{margin:0 0 1rem;font-size:1.125rem}.pw-testimonial figcaption{display:flex;gap:.75rem;align-items:center}.pw-testimonial img{border-radius:50%}.pw-testimonial-name{font-weight:600}.pw-testimonial-role{color:var(--pw-color-text-muted,#57606a)}`,
			Render: renderTestimonial,
			Prepare: func(c *Context) error {
				s := c.Props.Str("avatar")
				if s == "" {
					return nil
				}
				if id, ok := AssetRef(s); ok {
					a, err := resolveAsset(c, id, "avatar")
					if err != nil {
						return err
					}
					c.Data = avatarSrc(a)
					return nil
				}
				if _, ok := SafeImageURL(s); !ok {
					return badProp("avatar", "must be an http(s) or relative URL")
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
				}}}, Default: defaultPlans},
			}},
			CSS:    `.pw-pricingtable{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}.pw-plan{border:1px solid var(--pw-color-border-default,#d0d7de);border-radius:var(--pw-radius-md,.5rem);padding:1.5rem}.pw-plan--highlighted{border:2px solid var(--pw-color-primary,#0a58ca)}.pw-plan-name{margin:0 0 .5rem}.pw-plan-amount{font-size:2rem;font-weight:700}.pw-plan-features{padding-inline-start:1.25em}` + buttonCSS(".pw-plan .pw-button"),
			Render: renderPricingTable,
			Prepare: func(c *Context) error {
				for i, p := range c.Props.Objects("plans") {
					if err := checkLink(str(p, "ctaHref"), ""); err != nil {
						return badProp("plans["+strconv.Itoa(i)+"].ctaHref", "must be an http(s), mailto, tel, relative or #fragment URL")
					}
				}
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
			CSS:    `.pw-icon{display:inline-block;vertical-align:middle;flex:none}`,
			Render: renderIcon,
		},
		{
			Name: "Video", Category: "Media", Icon: "youtube",
			Props: Schema{Props: []Prop{
				// Not required, like Image's src: a new video starts without one.
				{Name: "videoId", Type: "string", Title: "YouTube video id", Description: "The 11 characters after v= in the video's address. Until it is set, the editor shows a placeholder and the published page shows nothing.", Control: ControlText},
				{Name: "title", Type: "string", Title: "Title", Description: "Names the video for screen readers.", Control: ControlText, Required: true, MaxLength: 300, Default: "Video"},
			}},
			EditorCSS: `.pw-video--empty{background:none}` + placeholderCSS(".pw-video--empty"),
			CSS:       `.pw-video{position:relative;aspect-ratio:16/9;max-width:100%;background:#000}.pw-video-link{display:block;width:100%;height:100%;color:#fff}.pw-video img,.pw-video iframe{width:100%;height:100%;object-fit:cover;border:0}.pw-video-play{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);padding:.75rem 1.25rem;border-radius:.5rem;background:rgba(0,0,0,.8);font-weight:600}`,
			Script:    `document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("a[data-pw-yt]");if(!a)return;e.preventDefault();var f=document.createElement("iframe");f.src="https://www.youtube-nocookie.com/embed/"+encodeURIComponent(a.getAttribute("data-pw-yt"))+"?autoplay=1";f.title=a.getAttribute("data-pw-title")||"Video";f.allow="autoplay; encrypted-media; picture-in-picture";f.allowFullscreen=true;a.replaceWith(f);f.focus()});`,
			Validate: func(p map[string]any) []FieldError {
				if s, ok := p["videoId"].(string); ok && s != "" && !videoID.MatchString(s) {
					return []FieldError{{Path: "props.videoId", Message: "must be an 11-character YouTube video id"}}
				}
				return nil
			},
			Render: renderVideo,
			Prepare: func(c *Context) error {
				// Not chosen yet: a placeholder in the editor, nothing
				// (not even the script) on a published page.
				if c.Props.Str("videoId") == "" {
					c.Class, c.Skip = "pw-video--empty", !c.Editor
				}
				return nil
			},
		},
		{
			Name: "Embed", Category: "Advanced", Icon: "code",
			Props: Schema{Props: []Prop{
				{Name: "html", Type: "string", Title: "HTML", Description: "Sanitised: scripts, styles, frames and event handlers are removed.", Control: ControlTextarea, Required: true, MaxLength: 100_000, Default: "<p>Embedded content</p>"},
			}},
			Render: renderEmbed,
		},
		{
			// An Instance places a reusable component. It never renders
			// itself: the renderer replaces it with the component's nodes
			// first (render.ExpandInstances). The editor places one from
			// the component library, not from the palette.
			Name: InstanceType, Category: "Components", Icon: "component", Hidden: true,
			Props: Schema{Props: []Prop{
				{Name: "component", Type: "string", Title: "Component", Description: "The component version placed here, as <componentId>@<version>.", Format: FormatComponentRef, Required: true, MaxLength: 128},
				{Name: "overrides", Type: "object", Title: "Overrides", Description: "Values of the component's exposed props, by key."},
			}},
			Render: func(*Writer, *View) error {
				return errors.New("a reusable component instance must be expanded before it is rendered")
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

// placeholderCSS is the look of the box the editor shows for media not
// chosen yet (in the root element sel): neutral, dashed, muted text on the
// design system's subtle background.
func placeholderCSS(sel string) string {
	return sel + ` .pw-placeholder{display:flex;align-items:center;justify-content:center;box-sizing:border-box;width:100%;height:100%;min-height:4rem;padding:1rem;border:2px dashed var(--pw-color-border-default,#d0d7de);border-radius:var(--pw-radius-md,.5rem);background:var(--pw-color-background-subtle,#f6f8fa);color:var(--pw-color-text-muted,#57606a);font-size:.875rem;text-align:center}`
}

// buttonCSS is the button look, scoped to sel.
func buttonCSS(sel string) string {
	return sel + `{display:inline-block;font:inherit;font-weight:600;line-height:1.25;padding:.75rem 1.25rem;border-radius:var(--pw-radius-md,.5rem);border:2px solid var(--pw-color-primary,#0a58ca);background:var(--pw-color-primary,#0a58ca);color:var(--pw-color-on-primary,#fff);text-decoration:none;cursor:pointer}` +
		sel + `.pw-button--secondary{background:var(--pw-color-secondary,#e7eef8);border-color:var(--pw-color-secondary,#e7eef8);color:var(--pw-color-on-secondary,#0a3d91)}` +
		sel + `.pw-button--outline{background:transparent;color:var(--pw-color-primary,#0a58ca)}`
}
