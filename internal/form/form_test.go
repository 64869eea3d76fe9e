package form_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"mime/multipart"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/form"
)

// contactDoc is a page with a contact form: every kind of control, a
// control with no props of its own (it takes the component's defaults), a
// hidden one (not published), and a second form.
const contactDoc = `{"schemaVersion":1,"root":"root","meta":{"title":"Contact","lang":"en"},"nodes":{
"root":{"id":"root","type":"Page"},
"s":{"id":"s","type":"Section","parent":"root","pos":"a0"},
"f":{"id":"f","type":"Form","parent":"s","pos":"a0","props":{"formId":"contact","label":"Contact us"}},
"name":{"id":"name","type":"TextInput","parent":"f","pos":"a0","props":{"label":"Name","name":"name","required":true}},
"stack":{"id":"stack","type":"Stack","parent":"f","pos":"a1"},
"email":{"id":"email","type":"TextInput","parent":"stack","pos":"a0","props":{"label":"Email","name":"email","type":"email","required":true}},
"phone":{"id":"phone","type":"TextInput","parent":"stack","pos":"a1","props":{"label":"Phone","name":"phone","type":"tel","pattern":"[0-9 +]{7,20}"}},
"site":{"id":"site","type":"TextInput","parent":"f","pos":"a2","props":{"label":"Website","name":"website","type":"url"}},
"age":{"id":"age","type":"TextInput","parent":"f","pos":"a3","props":{"label":"Age","name":"age","type":"number","pattern":"ignored"}},
"day":{"id":"day","type":"TextInput","parent":"f","pos":"a4","props":{"label":"Day","name":"day","type":"date"}},
"msg":{"id":"msg","type":"Textarea","parent":"f","pos":"a5","props":{"label":"Message","name":"message","maxLength":20}},
"clinic":{"id":"clinic","type":"Select","parent":"f","pos":"a6","props":{"label":"Clinic","name":"clinic","required":true,"options":[{"label":"Riverside","value":"riverside"},{"label":"Hillside","value":"hillside"}]}},
"kind":{"id":"kind","type":"RadioGroup","parent":"f","pos":"a7","props":{"label":"Kind","name":"kind"}},
"t1":{"id":"t1","type":"Checkbox","parent":"f","pos":"a8","props":{"label":"News","name":"topics","value":"news"}},
"t2":{"id":"t2","type":"Checkbox","parent":"f","pos":"a9","props":{"label":"Events","name":"topics","value":"events"}},
"consent":{"id":"consent","type":"Checkbox","parent":"f","pos":"aA","props":{"label":"I agree","name":"consent","required":true}},
"secret":{"id":"secret","type":"TextInput","parent":"f","pos":"aB","hidden":true,"props":{"label":"Secret","name":"secret"}},
"submit":{"id":"submit","type":"SubmitButton","parent":"f","pos":"aC","props":{"text":"Send"}},
"f2":{"id":"f2","type":"Form","parent":"root","pos":"a1","props":{"formId":"newsletter"}},
"n":{"id":"n","type":"TextInput","parent":"f2","pos":"a0","props":{"label":"Email","name":"email","type":"email"}}}}`

func contact(t *testing.T) form.Definition {
	t.Helper()
	defs, err := form.ExtractForms([]byte(contactDoc))
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 2 || defs[0].FormID != "contact" || defs[1].FormID != "newsletter" {
		t.Fatalf("forms %+v", defs)
	}
	return defs[0]
}

func TestExtractForms(t *testing.T) {
	d := contact(t)
	want := []form.Field{
		{Name: "name", Label: "Name", Kind: "text", Required: true, MaxLength: 5000},
		{Name: "email", Label: "Email", Kind: "email", Required: true, MaxLength: 5000},
		{Name: "phone", Label: "Phone", Kind: "tel", MaxLength: 5000, Pattern: "[0-9 +]{7,20}"},
		{Name: "website", Label: "Website", Kind: "url", MaxLength: 5000},
		{Name: "age", Label: "Age", Kind: "number", MaxLength: 5000}, // the renderer drops a number's pattern
		{Name: "day", Label: "Day", Kind: "date", MaxLength: 5000},
		{Name: "message", Label: "Message", Kind: "textarea", MaxLength: 20},
		{Name: "clinic", Label: "Clinic", Kind: "select", Required: true, MaxLength: 5000, Options: []string{"riverside", "hillside"}},
		// No options of its own: the RadioGroup's default options, as rendered.
		{Name: "kind", Label: "Kind", Kind: "radio", MaxLength: 5000, Options: []string{"in-person", "phone", "video"}},
		{Name: "topics", Label: "News", Kind: "checkbox", MaxLength: 5000, Options: []string{"news", "events"}, Multiple: true},
		{Name: "consent", Label: "I agree", Kind: "checkbox", Required: true, MaxLength: 5000, Options: []string{"yes"}},
	}
	if d.Label != "Contact us" {
		t.Errorf("label %q", d.Label)
	}
	if !reflect.DeepEqual(d.Fields, want) {
		t.Fatalf("fields\n got  %+v\n want %+v", d.Fields, want)
	}
}

func TestExtractFormsRejectsBrokenDocuments(t *testing.T) {
	if _, err := form.ExtractForms([]byte(`{"schemaVersion":1`)); err == nil {
		t.Fatal("a broken document gave forms")
	}
	defs, err := form.ExtractForms([]byte(`{"schemaVersion":1,"root":"root","meta":{},"nodes":{"root":{"id":"root","type":"Page"}}}`))
	if err != nil || len(defs) != 0 {
		t.Fatalf("a page without forms: %v %v", defs, err)
	}
}

func TestExtractFormsCapsFields(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"schemaVersion":1,"root":"root","meta":{},"nodes":{"root":{"id":"root","type":"Page"},"f":{"id":"f","type":"Form","parent":"root","pos":"a0"}`)
	keys, err := doc.NKeysBetween("", "", form.MaxFields+5)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		n := "x" + strings.Repeat("y", i)
		b.WriteString(`,"` + n + `":{"id":"` + n + `","type":"TextInput","parent":"f","pos":"` + k + `","props":{"label":"L","name":"` + n + `"}}`)
	}
	b.WriteString(`}}`)
	defs, err := form.ExtractForms([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || len(defs[0].Fields) != form.MaxFields || !defs[0].Truncated || defs[0].FormID != "contact" {
		t.Fatalf("got %d fields (truncated %v, id %q)", len(defs[0].Fields), defs[0].Truncated, defs[0].FormID)
	}
}

func TestValidate(t *testing.T) {
	d := contact(t)
	valid := func() url.Values {
		return url.Values{"name": {"Ada Lovelace"}, "email": {"ada@example.org"}, "clinic": {"riverside"}, "consent": {"yes"}}
	}
	with := func(kv ...string) url.Values {
		v := valid()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "<del>" {
				v.Del(kv[i])
			} else {
				v[kv[i]] = append(v[kv[i]], kv[i+1])
				if len(v[kv[i]]) > 1 && kv[i] != "topics" && kv[i] != "dup" {
					v[kv[i]] = v[kv[i]][1:]
				}
			}
		}
		return v
	}
	cases := []struct {
		name   string
		values url.Values
		field  string // the field with the problem ("" = valid)
		stored map[string]string
	}{
		{"minimal", valid(), "", map[string]string{"name": "Ada Lovelace", "email": "ada@example.org", "clinic": "riverside", "consent": "yes"}},
		{"text required", with("name", "<del>"), "name", nil},
		{"text only spaces is empty", with("name", "   "), "name", nil},
		{"text keeps spaces", with("name", " Ada "), "", map[string]string{"name": " Ada "}},
		{"text control characters", with("name", "Ada\x00"), "name", nil},
		{"text newline", with("name", "Ada\nLovelace"), "name", nil},
		{"text invalid utf-8", with("name", "Ada\xff"), "name", nil},
		{"text too long", with("name", strings.Repeat("é", 5001)), "name", nil},
		{"text at the limit", with("name", strings.Repeat("é", 5000)), "", nil},
		{"text twice", url.Values{"name": {"a", "b"}, "email": {"a@b.c"}, "clinic": {"riverside"}, "consent": {"yes"}}, "name", nil},
		{"email missing", with("email", "<del>"), "email", nil},
		{"email bad", with("email", "not-an-email"), "email", nil},
		{"email two @", with("email", "a@b@c.org"), "email", nil},
		{"email trimmed", with("email", "  ada@example.org "), "", map[string]string{"email": "ada@example.org"}},
		{"tel ok", with("phone", "+44 1234 567890"), "", map[string]string{"phone": "+44 1234 567890"}},
		{"tel letters", with("phone", "call me"), "phone", nil},
		{"tel too short", with("phone", "12"), "phone", nil},
		{"tel fails the pattern", with("phone", "(0123) 456-789"), "phone", nil},
		{"url ok", with("website", "https://ada.example/"), "", map[string]string{"website": "https://ada.example/"}},
		{"url relative", with("website", "/ada"), "website", nil},
		{"url javascript", with("website", "javascript:alert(1)"), "website", nil},
		{"number ok", with("age", "42.5"), "", map[string]string{"age": "42.5"}},
		{"number exponent", with("age", "-1e3"), "", nil},
		{"number words", with("age", "forty"), "age", nil},
		{"number hex", with("age", "0x10"), "age", nil},
		{"number infinite", with("age", "1e999"), "age", nil},
		{"date ok", with("day", "2026-03-01"), "", map[string]string{"day": "2026-03-01"}},
		{"date impossible", with("day", "2026-02-30"), "day", nil},
		{"date other format", with("day", "01/03/2026"), "day", nil},
		{"textarea newlines", with("message", "line one\r\nline two"), "", map[string]string{"message": "line one\r\nline two"}},
		{"textarea its own max", with("message", strings.Repeat("x", 21)), "message", nil},
		{"select missing", with("clinic", "<del>"), "clinic", nil},
		{"select placeholder", with("clinic", ""), "clinic", nil},
		{"select not an option", with("clinic", "elsewhere"), "clinic", nil},
		{"radio default option", with("kind", "video"), "", map[string]string{"kind": "video"}},
		{"radio not an option", with("kind", "other"), "kind", nil},
		{"checkbox required", with("consent", "<del>"), "consent", nil},
		{"checkbox wrong value", with("consent", "no"), "consent", nil},
		{"checkbox group", with("topics", "news", "topics", "events", "topics", "news"), "", map[string]string{"topics": "news, events"}},
		{"checkbox group bad value", with("topics", "spam"), "topics", nil},
		{"unknown fields dropped", with("admin", "true", "_csrf", "x"), "", map[string]string{"message": ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, problems := d.Validate(c.values)
			if c.field == "" {
				if len(problems) > 0 {
					t.Fatalf("problems %+v", problems)
				}
				if len(data.Fields) != len(d.Fields) || len(data.Values) != len(d.Fields) {
					t.Fatalf("data %+v: want every field of the form, and only those", data)
				}
				for k, v := range c.stored {
					if data.Values[k] != v {
						t.Errorf("%s = %q, want %q", k, data.Values[k], v)
					}
				}
				if _, ok := data.Values["admin"]; ok {
					t.Error("an unknown field was kept")
				}
				return
			}
			if len(problems) != 1 || problems[0].Field != c.field || problems[0].Message == "" || problems[0].Label == "" {
				t.Fatalf("problems %+v, want one for %s", problems, c.field)
			}
			if len(data.Values) != 0 {
				t.Fatalf("a refused post returned data %+v", data)
			}
		})
	}
}

func TestValidateBadPatternIsIgnored(t *testing.T) {
	d := form.Definition{Fields: []form.Field{{Name: "code", Kind: form.KindText, Pattern: "(?<=x)[", MaxLength: 10}}}
	if _, problems := d.Validate(url.Values{"code": {"anything"}}); len(problems) != 0 {
		t.Fatalf("problems %+v", problems)
	}
	d.Fields[0].Pattern = "[A-Z]{3}"
	if _, problems := d.Validate(url.Values{"code": {"ABCD"}}); len(problems) != 1 {
		t.Fatal("the pattern must match the whole value")
	}
}

func TestValidateTooManyFields(t *testing.T) {
	d := contact(t)
	v := url.Values{}
	for i := range form.MaxFields + 1 {
		v.Set("f"+strings.Repeat("x", i), "1")
	}
	_, problems := d.Validate(v)
	if len(problems) != 1 || problems[0].Field != "" {
		t.Fatalf("problems %+v", problems)
	}
}

func TestParseBody(t *testing.T) {
	v, err := form.ParseBody("application/x-www-form-urlencoded", []byte("name=Ada+L&email=a%40b.c&topics=a&topics=b"))
	if err != nil || v.Get("name") != "Ada L" || v.Get("email") != "a@b.c" || len(v["topics"]) != 2 {
		t.Fatalf("urlencoded: %v %v", v, err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("name", "Ada")
	_ = mw.WriteField("message", "line 1\r\nline 2")
	_ = mw.Close()
	v, err = form.ParseBody(mw.FormDataContentType(), buf.Bytes())
	if err != nil || v.Get("name") != "Ada" || v.Get("message") != "line 1\r\nline 2" {
		t.Fatalf("multipart: %v %v", v, err)
	}
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	_ = mw.WriteField("name", "Ada")
	fw, _ := mw.CreateFormFile("scan", "scan.pdf")
	_, _ = fw.Write([]byte("%PDF-1.7"))
	_ = mw.Close()
	_, err = form.ParseBody(mw.FormDataContentType(), buf.Bytes())
	wantKind(t, "file", err, errs.KindUnsupportedMediaType)
	if !errors.Is(err, form.ErrFile) {
		t.Fatalf("file: %v", err)
	}
	for _, c := range []struct {
		name, ct, body string
		kind           errs.Kind
	}{
		{"json", "application/json", `{"name":"Ada"}`, errs.KindUnsupportedMediaType},
		{"no type", "", "name=Ada", errs.KindUnsupportedMediaType},
		{"bad escape", "application/x-www-form-urlencoded", "name=%zz", errs.KindBadRequest},
		{"semicolon", "application/x-www-form-urlencoded", "a=1;b=2", errs.KindBadRequest},
		{"no boundary", "multipart/form-data", "--x\r\n", errs.KindBadRequest},
		{"truncated multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nAda", errs.KindBadRequest},
		{"part without a name", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nAda\r\n--x--\r\n", errs.KindBadRequest},
		{"too many values", "application/x-www-form-urlencoded", strings.Repeat("a=1&", form.MaxValues+1), errs.KindBadRequest},
	} {
		_, err := form.ParseBody(c.ct, []byte(c.body))
		wantKind(t, c.name, err, c.kind)
	}
}

func wantKind(t *testing.T, what string, err error, kind errs.Kind) {
	t.Helper()
	if !errs.Is(err, kind) {
		t.Fatalf("%s: error %v, want kind %v", what, err, kind)
	}
}

func TestUnionAndChoose(t *testing.T) {
	contactPage := form.Definition{FormID: "contact", PagePath: "/contact/", Fields: []form.Field{
		{Name: "email", Kind: form.KindEmail, Required: true, MaxLength: 100},
		{Name: "message", Kind: form.KindTextarea, Required: true, MaxLength: 2000},
		{Name: "clinic", Kind: form.KindSelect, Required: true, Options: []string{"a"}},
	}}
	home := form.Definition{FormID: "contact", PagePath: "/", Fields: []form.Field{
		{Name: "email", Kind: form.KindEmail, Required: true, MaxLength: 300},
		{Name: "clinic", Kind: form.KindSelect, Options: []string{"b"}},
	}}
	d, page := form.Choose([]form.Definition{home, contactPage}, "/contact/")
	if page != "/contact/" || len(d.Fields) != 3 {
		t.Fatalf("by referer: %q %+v", page, d)
	}
	d, page = form.Choose([]form.Definition{home, contactPage}, "/elsewhere/")
	if page != "" {
		t.Fatalf("union page %q", page)
	}
	want := []form.Field{
		{Name: "email", Kind: form.KindEmail, Required: true, MaxLength: 300},
		{Name: "clinic", Kind: form.KindSelect, Options: []string{"b", "a"}},
		{Name: "message", Kind: form.KindTextarea, MaxLength: 2000},
	}
	if !reflect.DeepEqual(d.Fields, want) {
		t.Fatalf("union\n got  %+v\n want %+v", d.Fields, want)
	}
	if _, page := form.Choose([]form.Definition{home}, ""); page != "/" {
		t.Fatalf("a single definition is its page's: %q", page)
	}
}

func TestCSV(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	subs := []form.Submission{
		{ID: "s2", Environment: "production", PagePath: "/contact/", Fields: []string{"name", "note", "extra"}, CreatedAt: at,
			Data: map[string]string{"name": "=HYPERLINK(\"http://evil\")", "note": "line 1\nline \"2\", ok", "extra": "@SUM(A1)"}},
		{ID: "s1", Environment: "production", PagePath: "/", Fields: []string{"name"}, CreatedAt: at,
			Data: map[string]string{"name": "-2+3", "note": "+1"}},
	}
	b, err := form.CSV([]string{"name", "note"}, subs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"submission_id", "submitted_at", "environment", "page", "name", "note", "extra"},
		{"s2", "2026-03-01T09:30:00Z", "production", "/contact/", `'=HYPERLINK("http://evil")`, "line 1\nline \"2\", ok", "'@SUM(A1)"},
		{"s1", "2026-03-01T09:30:00Z", "production", "/", "'-2+3", "'+1", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows\n got  %q\n want %q", rows, want)
	}
}

func TestCheckSettings(t *testing.T) {
	for _, c := range []struct {
		redirect string
		ok       bool
	}{
		{"", true}, {"/thanks/", true}, {"/thanks/?from=form#top", true}, {"https://www.riverside.example/thanks", true},
		{"http://riverside.example", true}, {"//evil.example/", false}, {"/\\evil.example", false}, {"javascript:alert(1)", false},
		{"thanks", false}, {"https://", false}, {"https://user:pw@evil.example/", false}, {"/a b", false},
		{"ftp://files.example/", false}, {"/" + strings.Repeat("a", 2000), false},
	} {
		_, _, err := form.CheckSettings(form.SettingsInput{RedirectURL: c.redirect})
		if (err == nil) != c.ok {
			t.Errorf("redirect %q: error %v, want ok=%v", c.redirect, err, c.ok)
		}
	}
	if _, _, err := form.CheckSettings(form.SettingsInput{SuccessMessage: strings.Repeat("x", form.MaxMessageRunes+1)}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("long message: %v", err)
	}
	if m := (form.Settings{}).Message(); m != form.DefaultSuccessMessage {
		t.Errorf("default message %q", m)
	}
}

// FuzzSubmission parses and checks arbitrary posts: nothing panics, and a
// post that passes yields exactly the form's fields within their limits.
func FuzzSubmission(f *testing.F) {
	defs, err := form.ExtractForms([]byte(contactDoc))
	if err != nil {
		f.Fatal(err)
	}
	d := defs[0]
	f.Add("application/x-www-form-urlencoded", "name=Ada&email=a%40b.co&clinic=riverside&consent=yes&topics=news&topics=events")
	f.Add("application/x-www-form-urlencoded", "name=%ff&email=&age=1e3&day=2026-01-01&_hp_website=x")
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--x--\r\n")
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nA\r\n--x--\r\n")
	f.Add("text/plain", "hello")
	f.Fuzz(func(t *testing.T, ct, body string) {
		v, err := form.ParseBody(ct, []byte(body))
		if err != nil {
			if !errs.Is(err, errs.KindBadRequest) && !errs.Is(err, errs.KindUnsupportedMediaType) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		form.Honeypot(v)
		data, problems := d.Validate(v)
		if len(problems) > 0 {
			if len(data.Values) != 0 {
				t.Fatal("data returned with problems")
			}
			return
		}
		if len(data.Values) != len(d.Fields) {
			t.Fatalf("%d values for %d fields", len(data.Values), len(d.Fields))
		}
		for _, fd := range d.Fields {
			x, ok := data.Values[fd.Name]
			if !ok {
				t.Fatalf("field %s missing", fd.Name)
			}
			if fd.Required && x == "" {
				t.Fatalf("required %s empty", fd.Name)
			}
			if !fd.Multiple && len([]rune(x)) > fd.MaxLength {
				t.Fatalf("%s longer than %d", fd.Name, fd.MaxLength)
			}
		}
	})
}
