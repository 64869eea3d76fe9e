package component

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// The Render funcs of the built-in types. Each writes what the type's
// html/template used to produce, byte for byte (the golden files in
// internal/render/testdata hold them to it); Prepare has checked the props
// and taken the ids beforehand.

var (
	hOpen  = [7]string{"", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6"}
	hClose = [7]string{"", "</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>"}
)

// headingLevel is a level prop as a valid heading rank, or 0 (the old
// templates wrote nothing for a level outside 1–6; the schema prevents one).
func headingLevel(f float64) int {
	if f >= 1 && f <= 6 && f == float64(int(f)) {
		return int(f)
	}
	return 0
}

// gridColumns is the grid-template-columns value for n equal columns.
func gridColumns(n float64) string {
	switch n {
	case 1:
		return "repeat(1,minmax(0,1fr))"
	case 2:
		return "repeat(2,minmax(0,1fr))"
	case 3:
		return "repeat(3,minmax(0,1fr))"
	case 4:
		return "repeat(4,minmax(0,1fr))"
	case 5:
		return "repeat(5,minmax(0,1fr))"
	case 6:
		return "repeat(6,minmax(0,1fr))"
	}
	return "repeat(" + strconv.Itoa(int(n)) + ",minmax(0,1fr))"
}

const linkMessage = "must be an http(s), mailto, tel, relative or #fragment URL"

// checkLink checks an optional link prop; prop names it in the error.
func checkLink(s, prop string) error {
	if s == "" {
		return nil
	}
	if _, ok := SafeURL(s); !ok {
		return badProp(prop, linkMessage)
	}
	return nil
}

// checkLinks checks the href of every {label, href} item of a list prop.
func checkLinks(items []map[string]any, prop string) error {
	for i, it := range items {
		if _, ok := SafeURL(str(it, "href")); !ok {
			return badProp(prop+"["+strconv.Itoa(i)+"].href", linkMessage)
		}
	}
	return nil
}

// resolveAsset looks up an "asset:<id>" reference of prop.
func resolveAsset(c *Context, id, prop string) (Asset, error) {
	if !ValidAssetID(id) {
		return Asset{}, badProp(prop, "must name an asset as asset:<id> (letters, digits and '-', at most 64)")
	}
	if c.Assets == nil {
		return Asset{}, badProp(prop, "refers to asset "+strconv.Quote(id)+", but no asset library is available to this render")
	}
	a, ok := c.Assets.Asset(id)
	if !ok {
		return Asset{}, badProp(prop, "refers to asset "+strconv.Quote(id)+", which does not exist")
	}
	return a, nil
}

// srcsetOf lists an asset's JPEG or PNG variants in ascending width as a
// srcset value (for <img>), leaving out WebP copies, any URL a srcset
// cannot hold and a width listed already (a resolver that does not tell
// the types apart may give a width twice; a srcset must not have it
// twice).
func srcsetOf(vs []AssetVariant) string { return buildSrcset(vs, false) }

// webpSrcsetOf is the srcset of a <source type="image/webp"> for an
// asset's variants, or "" when it has no WebP copy (the image then needs
// no <picture>). It lists every width of srcsetOf, taking the WebP copy
// where there is one and the JPEG or PNG where there is not: the job keeps
// a WebP copy only where it is the smaller file, and without the others a
// browser wanting such a width would take the next wider WebP, often more
// bytes than the JPEG it replaced. Every browser that reads WebP reads
// JPEG and PNG, so the mix is safe.
func webpSrcsetOf(vs []AssetVariant) string {
	if !slices.ContainsFunc(vs, func(v AssetVariant) bool { return v.Type == WebPType && srcsetURL(v) }) {
		return ""
	}
	return buildSrcset(vs, true)
}

// srcsetURL reports whether v can be a srcset candidate.
func srcsetURL(v AssetVariant) bool {
	if v.Width <= 0 || strings.ContainsAny(v.URL, ", ") {
		return false
	}
	_, ok := SafeImageURL(v.URL)
	return ok
}

// buildSrcset writes one candidate per width, ascending: the first usable
// JPEG or PNG of the width, or with webp its usable WebP copy when it has
// one.
func buildSrcset(vs []AssetVariant, webp bool) string {
	if len(vs) == 0 {
		return ""
	}
	sorted := slices.Clone(vs)
	slices.SortStableFunc(sorted, func(a, b AssetVariant) int { return cmp.Compare(a.Width, b.Width) })
	var b strings.Builder
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].Width == sorted[i].Width {
			j++
		}
		pick := -1
		for k := i; k < j; k++ {
			v := sorted[k]
			if !srcsetURL(v) {
				continue
			}
			if v.Type == WebPType {
				if webp {
					pick = k
					break
				}
				continue
			}
			if pick < 0 {
				pick = k
			}
		}
		i = j
		if pick < 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(sorted[pick].URL)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(sorted[pick].Width))
		b.WriteByte('w')
	}
	return b.String()
}

// avatarSrc picks an asset's smallest JPEG or PNG variant still sharp at
// 48 CSS pixels on a 2x screen, or its original. (A WebP copy would need a
// <picture> around a 48-pixel image for a few kilobytes; the avatar's
// parent lays it out as a flex item, so it stays a plain <img>.)
func avatarSrc(a Asset) string {
	best := -1
	for i, v := range a.Variants {
		if v.Type != WebPType && v.Width >= 96 && (best < 0 || v.Width < a.Variants[best].Width) {
			best = i
		}
	}
	if best >= 0 {
		return a.Variants[best].URL
	}
	return a.Src
}

// scaled is the other side of a w×h image resized to one side of n.
func scaled(n, side, other int) int {
	if side <= 0 {
		return 0
	}
	return (n*other + side/2) / side
}

func renderPage(w *Writer, v *View) error {
	main, _ := v.D.(string)
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`><a class="pw-skip" href="#`)
	w.URLQuery(main)
	w.Raw(`">`)
	w.Escape(v.Props.Str("skipLinkText"))
	w.Raw(`</a>`)
	for i, k := range v.Kids {
		if k.Type == "Navbar" {
			if err := v.WriteChild(w, i); err != nil {
				return err
			}
		}
	}
	w.Raw(`<main id="`)
	w.Escape(main)
	w.Raw(`">`)
	for i, k := range v.Kids {
		if k.Type != "Navbar" && k.Type != "Footer" {
			if err := v.WriteChild(w, i); err != nil {
				return err
			}
		}
	}
	w.Raw(`</main>`)
	for i, k := range v.Kids {
		if k.Type == "Footer" {
			if err := v.WriteChild(w, i); err != nil {
				return err
			}
		}
	}
	w.Raw(`</div>`)
	return nil
}

func renderSection(w *Writer, v *View) error {
	w.Raw(`<section`)
	w.ClassAndAttrs(v)
	if id, _ := v.D.(string); id != "" {
		w.Attr("id", id)
	}
	if l := v.Props.Str("label"); l != "" {
		w.Attr("aria-label", l)
	}
	w.Raw(`>`)
	if err := v.WriteChildren(w); err != nil {
		return err
	}
	w.Raw(`</section>`)
	return nil
}

// renderDiv writes the types that are a plain <div> around their children.
func renderDiv(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	if err := v.WriteChildren(w); err != nil {
		return err
	}
	w.Raw(`</div>`)
	return nil
}

var (
	renderContainer = renderDiv
	renderStack     = renderDiv
	renderColumns   = renderDiv
)

func renderHeading(w *Writer, v *View) error {
	l := headingLevel(v.Props.Num("level", 2))
	if l == 0 {
		return nil
	}
	w.Raw(hOpen[l])
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	w.Escape(v.Props.Str("text"))
	w.Raw(hClose[l])
	return nil
}

func renderText(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	w.HTML(SanitizeRichText(v.Props.Str("html")))
	w.Raw(`</div>`)
	return nil
}

// imageData is what Image's Prepare resolves.
type imageData struct {
	Src, Alt, Srcset string
	// WebPSrcset, when set, is the srcset of the <source type="image/webp">
	// of a <picture> around the <img> (see webpSrcsetOf).
	WebPSrcset string
	W, H       int
}

// validateImage asks an image given by its URL for its size and, unless it
// is decorative, its alternative text. An asset brings both (checked when
// it is resolved), and an image not chosen yet renders no <img> at all.
func validateImage(p map[string]any) []FieldError {
	src := str(p, "src")
	if _, asset := AssetRef(src); asset || src == "" {
		return nil
	}
	var errs []FieldError
	for _, k := range []string{"width", "height"} {
		if p[k] == nil {
			errs = append(errs, FieldError{Path: "props." + k, Message: "is required"})
		}
	}
	if !flag(p, "decorative") && strings.TrimSpace(str(p, "alt")) == "" {
		errs = append(errs, FieldError{Path: "props.alt", Message: "is required unless the image is decorative"})
	}
	return errs
}

func prepareImage(c *Context) error {
	p := c.Props
	src := p.Str("src")
	if src == "" {
		// Not chosen yet: the editor shows a placeholder of the image's
		// shape (16:9 unless both sides are given), published pages
		// nothing.
		if !c.Editor {
			c.Skip = true
			return nil
		}
		c.Class = "pw-image--empty"
		w, h := int(p.Num("width", 0)), int(p.Num("height", 0))
		if w > 0 && h > 0 {
			c.SetStyle("base", "aspect-ratio", strconv.Itoa(w)+"/"+strconv.Itoa(h))
		}
		if w > 0 {
			c.SetStyle("base", "max-width", strconv.Itoa(w)+"px")
		}
		return nil
	}
	d := &imageData{W: int(p.Num("width", 0)), H: int(p.Num("height", 0))}
	decorative := p.Flag("decorative")
	if !decorative {
		d.Alt = p.Str("alt")
	}
	if id, ok := AssetRef(src); ok {
		a, err := resolveAsset(c, id, "src")
		if err != nil {
			return err
		}
		d.Src = a.Src
		switch ownW, ownH := p.Own("width") != nil, p.Own("height") != nil; {
		case !ownW && !ownH:
			d.W, d.H = a.Width, a.Height
		case !ownW:
			d.W = scaled(d.H, a.Height, a.Width)
		case !ownH:
			d.H = scaled(d.W, a.Width, a.Height)
		}
		if d.W <= 0 || d.H <= 0 {
			return badProp("width", "is required: the size of asset "+strconv.Quote(id)+" is not known")
		}
		if !decorative && strings.TrimSpace(d.Alt) == "" {
			d.Alt = a.Alt
			if strings.TrimSpace(d.Alt) == "" {
				return badProp("alt", "is required unless the image is decorative (asset "+strconv.Quote(id)+" has no alternative text)")
			}
		}
		d.Srcset = srcsetOf(a.Variants)
		if d.Srcset != "" {
			d.WebPSrcset = webpSrcsetOf(a.Variants)
		}
		c.Data = d
		return nil
	}
	if _, ok := SafeImageURL(src); !ok {
		return badProp("src", "must be an http(s) or relative URL, or asset:<id>")
	}
	d.Src = src
	var set strings.Builder
	for i, v := range p.Objects("variants") {
		u := str(v, "src")
		if id, ok := AssetRef(u); ok {
			a, err := resolveAsset(c, id, "variants["+strconv.Itoa(i)+"].src")
			if err != nil {
				return err
			}
			u = a.Src
		}
		if _, ok := SafeImageURL(u); !ok || strings.ContainsAny(u, ", ") {
			return badProp("variants["+strconv.Itoa(i)+"].src", "must be an http(s) or relative URL without commas")
		}
		if set.Len() > 0 {
			set.WriteString(", ")
		}
		set.WriteString(u)
		set.WriteByte(' ')
		set.WriteString(strconv.Itoa(int(num(v, "width", 1))))
		set.WriteByte('w')
	}
	d.Srcset = set.String()
	c.Data = d
	return nil
}

// writeWebPSource opens the <picture> around an image that has WebP
// copies and writes its <source>, with the sizes of the <img> that
// follows (a srcset of widths needs them on each). The <img> keeps its
// own src and srcset for browsers without WebP, and its alt, size,
// loading and class: the <picture> is only a wrapper, neutralised in the
// types' CSS with display:contents so that every rule written for the
// <img> as a child (of a flex or grid container, say) still lays it out
// as before.
func writeWebPSource(w *Writer, srcset, sizes string) {
	w.Raw(`<picture><source type="image/webp"`)
	w.Attr("srcset", srcset)
	w.Attr("sizes", sizes)
	w.Raw(`>`)
}

// writePlaceholder writes the editor's box for media not chosen yet in a
// root element of the given tag: role=img with a name saying what is
// missing, and a visible prompt.
func writePlaceholder(w *Writer, v *View, tag, label, prompt string) {
	w.Raw(`<`)
	w.Raw(tag)
	w.ClassAndAttrs(v)
	w.Raw(`><div class="pw-placeholder" role="img"`)
	w.Attr("aria-label", label)
	w.Raw(`>`)
	w.Escape(prompt)
	w.Raw(`</div></`)
	w.Raw(tag)
	w.Raw(`>`)
}

func renderImage(w *Writer, v *View) error {
	if v.Props.Str("src") == "" {
		if v.Editor {
			writePlaceholder(w, v, "figure", "Image not chosen yet", "Choose an image")
		}
		return nil // published pages leave out an image without a source
	}
	d, _ := v.D.(*imageData)
	if d == nil {
		d = &imageData{}
	}
	caption := v.Props.Str("caption")
	if caption != "" {
		w.Raw(`<figure`)
	} else {
		w.Raw(`<span`)
	}
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	if d.WebPSrcset != "" {
		writeWebPSource(w, d.WebPSrcset, v.Props.Str("sizes"))
	}
	w.Raw(`<img src="`)
	w.URL(d.Src)
	w.Raw(`" alt="`)
	w.Escape(d.Alt)
	w.Raw(`" width="`)
	w.Int(d.W)
	w.Raw(`" height="`)
	w.Int(d.H)
	w.Raw(`"`)
	if d.Srcset != "" {
		w.Attr("srcset", d.Srcset)
		w.Attr("sizes", v.Props.Str("sizes"))
	}
	if v.Props.Flag("priority") {
		w.Raw(` fetchpriority="high"`)
	} else {
		w.Raw(` loading="lazy"`)
	}
	w.Raw(` decoding="async">`)
	if d.WebPSrcset != "" {
		w.Raw(`</picture>`)
	}
	if caption != "" {
		w.Raw(`<figcaption>`)
		w.Escape(caption)
		w.Raw(`</figcaption></figure>`)
	} else {
		w.Raw(`</span>`)
	}
	return nil
}

func renderButton(w *Writer, v *View) error {
	if href := v.Props.Str("href"); href != "" {
		w.Raw(`<a`)
		w.ClassAndAttrs(v)
		w.URLAttr("href", href)
		w.Raw(`>`)
		w.Escape(v.Props.Str("text"))
		w.Raw(`</a>`)
		return nil
	}
	w.Raw(`<button type="button"`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	w.Escape(v.Props.Str("text"))
	w.Raw(`</button>`)
	return nil
}

func renderLink(w *Writer, v *View) error {
	newTab := v.Props.Flag("newTab")
	w.Raw(`<a`)
	w.ClassAndAttrs(v)
	w.URLAttr("href", v.Props.Str("href"))
	if newTab {
		w.Raw(` target="_blank" rel="noopener noreferrer"`)
	}
	w.Raw(`>`)
	w.Escape(v.Props.Str("text"))
	if newTab {
		w.Raw(`<span class="pw-sr-only"> (opens in a new tab)</span>`)
	}
	w.Raw(`</a>`)
	return nil
}

func renderList(w *Writer, v *View) error {
	open, end := `<ul`, `</ul>`
	if v.Props.Flag("ordered") {
		open, end = `<ol`, `</ol>`
	}
	w.Raw(open)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	for _, it := range v.Props.Strings("items") {
		w.Raw(`<li>`)
		w.Escape(it)
		w.Raw(`</li>`)
	}
	w.Raw(end)
	return nil
}

func renderDivider(w *Writer, v *View) error {
	w.Raw(`<hr`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	return nil
}

func renderSpacer(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(` aria-hidden="true"></div>`)
	return nil
}

func renderCard(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	if title := v.Props.Str("title"); title != "" {
		if l := headingLevel(v.Props.Num("level", 3)); l > 0 {
			w.Raw(hOpen[l])
			w.Raw(` class="pw-card-title">`)
			w.Escape(title)
			w.Raw(hClose[l])
		}
	}
	if err := v.WriteChildren(w); err != nil {
		return err
	}
	w.Raw(`</div>`)
	return nil
}

// heroData is what Hero's Prepare resolves.
type heroData struct {
	HeadingID               string
	Image, Srcset           string
	WebPSrcset              string // see imageData.WebPSrcset
	ImageWidth, ImageHeight int
}

func prepareHero(c *Context) error {
	p := c.Props
	if err := checkLink(p.Str("ctaHref"), "ctaHref"); err != nil {
		return err
	}
	d := &heroData{HeadingID: c.IDs.ID(c.NodeID + "-heading"), ImageWidth: int(p.Num("imageWidth", 0)), ImageHeight: int(p.Num("imageHeight", 0))}
	if s := p.Str("image"); s != "" {
		if id, ok := AssetRef(s); ok {
			a, err := resolveAsset(c, id, "image")
			if err != nil {
				return err
			}
			d.Image, d.Srcset = a.Src, srcsetOf(a.Variants)
			if d.Srcset != "" {
				d.WebPSrcset = webpSrcsetOf(a.Variants)
			}
			if p.Own("imageWidth") == nil && p.Own("imageHeight") == nil && a.Width > 0 && a.Height > 0 {
				d.ImageWidth, d.ImageHeight = a.Width, a.Height
			}
		} else {
			if _, ok := SafeImageURL(s); !ok {
				return badProp("image", "must be an http(s) or relative URL, or asset:<id>")
			}
			d.Image = s
		}
	}
	c.Data = d
	return nil
}

// heroSizes is the sizes of a Hero's image: half the width beside the
// text from 768 pixels up, the whole width below.
const heroSizes = "(min-width: 768px) 50vw, 100vw"

func renderHero(w *Writer, v *View) error {
	d, _ := v.D.(*heroData)
	if d == nil {
		d = &heroData{}
	}
	p := v.Props
	w.Raw(`<section`)
	w.ClassAndAttrs(v)
	w.Attr("aria-labelledby", d.HeadingID)
	w.Raw(`><div class="pw-hero-body">`)
	if l := headingLevel(p.Num("level", 1)); l > 0 {
		w.Raw(hOpen[l])
		w.Attr("id", d.HeadingID)
		w.Raw(` class="pw-hero-heading">`)
		w.Escape(p.Str("heading"))
		w.Raw(hClose[l])
	}
	if t := p.Str("text"); t != "" {
		w.Raw(`<p class="pw-hero-text">`)
		w.Escape(t)
		w.Raw(`</p>`)
	}
	if cta, href := p.Str("ctaText"), p.Str("ctaHref"); cta != "" && href != "" {
		w.Raw(`<a class="pw-button pw-button--primary"`)
		w.URLAttr("href", href)
		w.Raw(`>`)
		w.Escape(cta)
		w.Raw(`</a>`)
	}
	w.Raw(`</div>`)
	if d.Image != "" {
		if d.WebPSrcset != "" {
			writeWebPSource(w, d.WebPSrcset, heroSizes)
		}
		w.Raw(`<img class="pw-hero-image"`)
		w.URLAttr("src", d.Image)
		w.Attr("alt", p.Str("imageAlt"))
		w.Raw(` width="`)
		w.Int(d.ImageWidth)
		w.Raw(`" height="`)
		w.Int(d.ImageHeight)
		w.Raw(`"`)
		if d.Srcset != "" {
			w.Attr("srcset", d.Srcset)
			w.Raw(` sizes="` + heroSizes + `"`)
		}
		w.Raw(` fetchpriority="high" decoding="async">`)
		if d.WebPSrcset != "" {
			w.Raw(`</picture>`)
		}
	}
	w.Raw(`</section>`)
	return nil
}

func renderForm(w *Writer, v *View) error {
	w.Raw(`<form`)
	w.ClassAndAttrs(v)
	w.Raw(` method="post" action="/_forms/`)
	w.URLPath(v.Props.Str("formId"))
	w.Raw(`"`)
	if l := v.Props.Str("label"); l != "" {
		w.Attr("aria-label", l)
	}
	w.Raw(`>`)
	// The honeypot: a field people never see, reach or hear (off-screen,
	// aria-hidden, out of the tab order, no autofill) and bots fill in.
	// The site server stores nothing from a post that has it filled.
	w.Raw(`<div class="pw-hp" aria-hidden="true"><input type="text" name="` + HoneypotField +
		`" tabindex="-1" autocomplete="off" aria-label="Leave this field empty"></div>`)
	if err := v.WriteChildren(w); err != nil {
		return err
	}
	w.Raw(`</form>`)
	return nil
}

// HoneypotField is the name of the hidden field every form carries (see
// package form).
const HoneypotField = "_hp_website"

// field is the ids of a labelled form control and its help text.
type field struct {
	ID, HelpID string
}

func prepareField(c *Context) error {
	f := &field{ID: c.IDs.ID("f-" + c.Props.Str("name"))}
	if c.Props.Str("help") != "" {
		f.HelpID = c.IDs.ID(f.ID + "-help")
	}
	c.Data = f
	return nil
}

func fieldOf(v *View) *field {
	if f, _ := v.D.(*field); f != nil {
		return f
	}
	return &field{}
}

const reqMark = `<span class="pw-req" aria-hidden="true"> *</span>`

func writeLabel(w *Writer, v *View, f *field) {
	w.Raw(`<label for="`)
	w.Escape(f.ID)
	w.Raw(`">`)
	w.Escape(v.Props.Str("label"))
	if v.Props.Flag("required") {
		w.Raw(reqMark)
	}
	w.Raw(`</label>`)
}

func writeHelp(w *Writer, v *View, helpID string) {
	if helpID == "" {
		return
	}
	w.Raw(`<p id="`)
	w.Escape(helpID)
	w.Raw(`" class="pw-help">`)
	w.Escape(v.Props.Str("help"))
	w.Raw(`</p>`)
}

func writeDescribedBy(w *Writer, helpID string) {
	if helpID != "" {
		w.Attr("aria-describedby", helpID)
	}
}

// writeOptional writes ` name="value"` for a non-empty string prop.
func writeOptional(w *Writer, name, value string) {
	if value != "" {
		w.Attr(name, value)
	}
}

func renderTextInput(w *Writer, v *View) error {
	f, p := fieldOf(v), v.Props
	typ := p.Str("type")
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	writeLabel(w, v, f)
	w.Raw(`<input`)
	w.Attr("id", f.ID)
	w.Attr("name", p.Str("name"))
	w.Attr("type", typ)
	if p.Flag("required") {
		w.Raw(` required`)
	}
	if typ != "number" && typ != "date" {
		writeOptional(w, "pattern", p.Str("pattern"))
	}
	writeOptional(w, "autocomplete", p.Str("autocomplete"))
	if typ != "date" {
		writeOptional(w, "placeholder", p.Str("placeholder"))
	}
	writeDescribedBy(w, f.HelpID)
	w.Raw(`>`)
	writeHelp(w, v, f.HelpID)
	w.Raw(`</div>`)
	return nil
}

func renderTextarea(w *Writer, v *View) error {
	f, p := fieldOf(v), v.Props
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	writeLabel(w, v, f)
	w.Raw(`<textarea`)
	w.Attr("id", f.ID)
	w.Attr("name", p.Str("name"))
	w.Raw(` rows="`)
	w.Number(p.Get("rows"))
	w.Raw(`"`)
	if p.Flag("required") {
		w.Raw(` required`)
	}
	if m := p.Get("maxLength"); m != nil {
		if n, ok := Number(m); !ok || n != 0 {
			w.Raw(` maxlength="`)
			w.Number(m)
			w.Raw(`"`)
		}
	}
	writeOptional(w, "autocomplete", p.Str("autocomplete"))
	writeOptional(w, "placeholder", p.Str("placeholder"))
	writeDescribedBy(w, f.HelpID)
	w.Raw(`></textarea>`)
	writeHelp(w, v, f.HelpID)
	w.Raw(`</div>`)
	return nil
}

func renderSelect(w *Writer, v *View) error {
	f, p := fieldOf(v), v.Props
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	writeLabel(w, v, f)
	w.Raw(`<select`)
	w.Attr("id", f.ID)
	w.Attr("name", p.Str("name"))
	if p.Flag("required") {
		w.Raw(` required`)
	}
	writeOptional(w, "autocomplete", p.Str("autocomplete"))
	writeDescribedBy(w, f.HelpID)
	w.Raw(`><option value="">`)
	w.Escape(p.Str("placeholder"))
	w.Raw(`</option>`)
	for _, o := range p.Objects("options") {
		w.Raw(`<option value="`)
		w.Escape(str(o, "value"))
		w.Raw(`">`)
		w.Escape(str(o, "label"))
		w.Raw(`</option>`)
	}
	w.Raw(`</select>`)
	writeHelp(w, v, f.HelpID)
	w.Raw(`</div>`)
	return nil
}

func renderCheckbox(w *Writer, v *View) error {
	f, p := fieldOf(v), v.Props
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`><input`)
	w.Attr("id", f.ID)
	w.Raw(` type="checkbox"`)
	w.Attr("name", p.Str("name"))
	w.Attr("value", p.Str("value"))
	if p.Flag("required") {
		w.Raw(` required`)
	}
	if p.Flag("checked") {
		w.Raw(` checked`)
	}
	writeDescribedBy(w, f.HelpID)
	w.Raw(`>`)
	writeLabel(w, v, f)
	writeHelp(w, v, f.HelpID)
	w.Raw(`</div>`)
	return nil
}

// radioData is the ids RadioGroup's Prepare takes: one per option, and the
// help text's.
type radioData struct {
	IDs    []string
	HelpID string
}

func renderRadioGroup(w *Writer, v *View) error {
	d, _ := v.D.(radioData)
	p := v.Props
	required := p.Flag("required")
	w.Raw(`<fieldset`)
	w.ClassAndAttrs(v)
	writeDescribedBy(w, d.HelpID)
	w.Raw(`><legend>`)
	w.Escape(p.Str("label"))
	if required {
		w.Raw(reqMark)
	}
	w.Raw(`</legend>`)
	name := p.Str("name")
	for i, o := range p.Objects("options") {
		id := ""
		if i < len(d.IDs) {
			id = d.IDs[i]
		}
		w.Raw(`<div class="pw-radio"><input`)
		w.Attr("id", id)
		w.Raw(` type="radio"`)
		w.Attr("name", name)
		w.Attr("value", str(o, "value"))
		if required {
			w.Raw(` required`)
		}
		w.Raw(`><label for="`)
		w.Escape(id)
		w.Raw(`">`)
		w.Escape(str(o, "label"))
		w.Raw(`</label></div>`)
	}
	writeHelp(w, v, d.HelpID)
	w.Raw(`</fieldset>`)
	return nil
}

func renderSubmitButton(w *Writer, v *View) error {
	w.Raw(`<button type="submit" class="`)
	w.Class(v)
	w.Raw(` pw-button pw-button--primary"`)
	w.EditorAttrs(v)
	w.Raw(`>`)
	w.Escape(v.Props.Str("text"))
	w.Raw(`</button>`)
	return nil
}

// writeNavLinks writes a <nav> of {label, href} links, if there are any.
func writeNavLinks(w *Writer, label, listClass string, items []map[string]any) {
	if len(items) == 0 {
		return
	}
	w.Raw(`<nav`)
	w.Attr("aria-label", label)
	w.Raw(`><ul class="`)
	w.Raw(listClass)
	w.Raw(`">`)
	for _, it := range items {
		w.Raw(`<li><a`)
		w.URLAttr("href", str(it, "href"))
		w.Raw(`>`)
		w.Escape(str(it, "label"))
		w.Raw(`</a></li>`)
	}
	w.Raw(`</ul></nav>`)
}

func renderNavbar(w *Writer, v *View) error {
	p := v.Props
	w.Raw(`<header`)
	w.ClassAndAttrs(v)
	w.Raw(`><a class="pw-navbar-brand"`)
	w.URLAttr("href", p.Str("brandHref"))
	w.Raw(`>`)
	w.Escape(p.Str("brand"))
	w.Raw(`</a>`)
	writeNavLinks(w, p.Str("navLabel"), "pw-navbar-links", p.Objects("links"))
	w.Raw(`</header>`)
	return nil
}

func renderFooter(w *Writer, v *View) error {
	p := v.Props
	w.Raw(`<footer`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	if err := v.WriteChildren(w); err != nil {
		return err
	}
	writeNavLinks(w, p.Str("navLabel"), "pw-footer-links", p.Objects("links"))
	if t := p.Str("text"); t != "" {
		w.Raw(`<p class="pw-footer-text">`)
		w.Escape(t)
		w.Raw(`</p>`)
	}
	w.Raw(`</footer>`)
	return nil
}

func renderAccordion(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	for _, it := range v.Props.Objects("items") {
		w.Raw(`<details class="pw-accordion-item"><summary>`)
		w.Escape(str(it, "summary"))
		w.Raw(`</summary><div class="pw-accordion-body">`)
		w.HTML(SanitizeRichText(str(it, "body")))
		w.Raw(`</div></details>`)
	}
	w.Raw(`</div>`)
	return nil
}

func renderTabs(w *Writer, v *View) error {
	ids, _ := v.D.([]string)
	items := v.Props.Objects("items")
	id := func(i, k int) string {
		if 2*i+k < len(ids) {
			return ids[2*i+k]
		}
		return ""
	}
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(` data-pw-tabs><div class="pw-tablist" role="tablist"`)
	w.Attr("aria-label", v.Props.Str("label"))
	w.Raw(`>`)
	for i, it := range items {
		w.Raw(`<button type="button" role="tab"`)
		w.Attr("id", id(i, 0))
		w.Attr("aria-controls", id(i, 1))
		if i == 0 {
			w.Raw(` aria-selected="true"`)
		} else {
			w.Raw(` aria-selected="false" tabindex="-1"`)
		}
		w.Raw(`>`)
		w.Escape(str(it, "label"))
		w.Raw(`</button>`)
	}
	w.Raw(`</div>`)
	for i, it := range items {
		w.Raw(`<div class="pw-tabpanel" role="tabpanel"`)
		w.Attr("id", id(i, 1))
		w.Attr("aria-labelledby", id(i, 0))
		w.Raw(` tabindex="0"`)
		if i != 0 {
			w.Raw(` hidden`)
		}
		w.Raw(`>`)
		w.HTML(SanitizeRichText(str(it, "body")))
		w.Raw(`</div>`)
	}
	w.Raw(`</div>`)
	return nil
}

func renderTable(w *Writer, v *View) error {
	p := v.Props
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`><table><caption>`)
	w.Escape(p.Str("caption"))
	w.Raw(`</caption>`)
	if hs := p.Strings("headers"); len(hs) > 0 {
		w.Raw(`<thead><tr>`)
		for _, h := range hs {
			w.Raw(`<th scope="col">`)
			w.Escape(h)
			w.Raw(`</th>`)
		}
		w.Raw(`</tr></thead>`)
	}
	w.Raw(`<tbody>`)
	rowHeaders := p.Flag("rowHeaders")
	rows, _ := asList(p.Get("rows"))
	for _, r := range rows {
		w.Raw(`<tr>`)
		for i, c := range stringsOf(r) {
			if rowHeaders && i == 0 {
				w.Raw(`<th scope="row">`)
				w.Escape(c)
				w.Raw(`</th>`)
			} else {
				w.Raw(`<td>`)
				w.Escape(c)
				w.Raw(`</td>`)
			}
		}
		w.Raw(`</tr>`)
	}
	w.Raw(`</tbody></table></div>`)
	return nil
}

func renderTestimonial(w *Writer, v *View) error {
	p := v.Props
	w.Raw(`<figure`)
	w.ClassAndAttrs(v)
	w.Raw(`><blockquote><p>`)
	w.Escape(p.Str("quote"))
	w.Raw(`</p></blockquote><figcaption>`)
	src, _ := v.D.(string)
	if src == "" {
		src = p.Str("avatar")
	}
	if src != "" {
		w.Raw(`<img`)
		w.URLAttr("src", src)
		w.Raw(` alt="" width="48" height="48" loading="lazy" decoding="async">`)
	}
	w.Raw(`<span class="pw-testimonial-name">`)
	w.Escape(p.Str("name"))
	w.Raw(`</span>`)
	if r := p.Str("role"); r != "" {
		w.Raw(`<span class="pw-testimonial-role">`)
		w.Escape(r)
		w.Raw(`</span>`)
	}
	w.Raw(`</figcaption></figure>`)
	return nil
}

func renderPricingTable(w *Writer, v *View) error {
	l := headingLevel(v.Props.Num("level", 3))
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	for _, plan := range v.Props.Objects("plans") {
		if flag(plan, "highlighted") {
			w.Raw(`<div class="pw-plan pw-plan--highlighted">`)
		} else {
			w.Raw(`<div class="pw-plan">`)
		}
		if l > 0 {
			w.Raw(hOpen[l])
			w.Raw(` class="pw-plan-name">`)
			w.Escape(str(plan, "name"))
			w.Raw(hClose[l])
		}
		w.Raw(`<p class="pw-plan-price"><span class="pw-plan-amount">`)
		w.Escape(str(plan, "price"))
		w.Raw(`</span>`)
		if period := str(plan, "period"); period != "" {
			w.Raw(` <span class="pw-plan-period">`)
			w.Escape(period)
			w.Raw(`</span>`)
		}
		w.Raw(`</p>`)
		if fs := stringsOf(plan["features"]); len(fs) > 0 {
			w.Raw(`<ul class="pw-plan-features">`)
			for _, f := range fs {
				w.Raw(`<li>`)
				w.Escape(f)
				w.Raw(`</li>`)
			}
			w.Raw(`</ul>`)
		}
		if cta, href := str(plan, "ctaText"), str(plan, "ctaHref"); cta != "" && href != "" {
			w.Raw(`<a class="pw-button pw-button--primary"`)
			w.URLAttr("href", href)
			w.Raw(`>`)
			w.Escape(cta)
			w.Raw(`</a>`)
		}
		w.Raw(`</div>`)
	}
	w.Raw(`</div>`)
	return nil
}

func renderIcon(w *Writer, v *View) error {
	p := v.Props
	size := p.Get("size")
	w.Raw(`<svg`)
	w.ClassAndAttrs(v)
	w.Raw(` xmlns="http://www.w3.org/2000/svg" width="`)
	w.Number(size)
	w.Raw(`" height="`)
	w.Number(size)
	w.Raw(`" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"`)
	if l := p.Str("label"); l != "" {
		w.Raw(` role="img"`)
		w.Attr("aria-label", l)
	} else {
		w.Raw(` aria-hidden="true"`)
	}
	w.Raw(` focusable="false">`)
	w.HTML(icons[p.Str("name")])
	w.Raw(`</svg>`)
	return nil
}

func renderVideo(w *Writer, v *View) error {
	id, title := v.Props.Str("videoId"), v.Props.Str("title")
	if id == "" {
		if v.Editor {
			writePlaceholder(w, v, "div", "Video not chosen yet", "Choose a video")
		}
		return nil // published pages leave out a video without a source
	}
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`><a class="pw-video-link" href="https://www.youtube.com/watch?v=`)
	w.URLQuery(id)
	w.Raw(`"`)
	w.Attr("data-pw-yt", id)
	w.Attr("data-pw-title", title)
	w.Raw(`><img src="https://i.ytimg.com/vi/`)
	w.URLPath(id)
	w.Raw(`/hqdefault.jpg" alt="" width="480" height="360" loading="lazy" decoding="async"><span class="pw-video-play">Play video: `)
	w.Escape(title)
	w.Raw(`</span></a></div>`)
	return nil
}

func renderEmbed(w *Writer, v *View) error {
	w.Raw(`<div`)
	w.ClassAndAttrs(v)
	w.Raw(`>`)
	w.HTML(SanitizeEmbed(v.Props.Str("html")))
	w.Raw(`</div>`)
	return nil
}
