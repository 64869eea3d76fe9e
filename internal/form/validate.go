package form

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/errs"
)

// MaxValues bounds the name=value pairs of one post.
const MaxValues = 1000

// Errors of ParseBody, by what the site server answers.
var (
	// ErrUnsupported is a post that is neither URL-encoded nor multipart (415).
	ErrUnsupported = errs.New(errs.KindUnsupportedMediaType, "form.unsupported_type",
		"Send the form as application/x-www-form-urlencoded or multipart/form-data.")
	// ErrFile is a post carrying a file: no form takes files (415).
	ErrFile = errs.New(errs.KindUnsupportedMediaType, "form.file_not_accepted", "This form does not accept files.")
	// ErrMalformed is a body that does not parse (400).
	ErrMalformed = errs.New(errs.KindBadRequest, "form.malformed", "The form post could not be read.")
)

// ParseBody reads a form post's body: application/x-www-form-urlencoded,
// or multipart/form-data without files.
func ParseBody(contentType string, body []byte) (url.Values, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, ErrUnsupported
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		if bytes.Count(body, []byte("&"))+1 > MaxValues {
			return nil, ErrMalformed
		}
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, ErrMalformed
		}
		return v, nil
	case "multipart/form-data":
		return parseMultipart(body, params["boundary"])
	}
	return nil, ErrUnsupported
}

func parseMultipart(body []byte, boundary string) (url.Values, error) {
	if boundary == "" {
		return nil, ErrMalformed
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	v := url.Values{}
	n := 0
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return v, nil
		}
		if err != nil {
			return nil, ErrMalformed
		}
		_, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			return nil, ErrMalformed
		}
		if _, file := dp["filename"]; file {
			return nil, ErrFile
		}
		name := dp["name"]
		if name == "" {
			return nil, ErrMalformed
		}
		b, err := io.ReadAll(io.LimitReader(p, MaxBodyBytes+1))
		if err != nil {
			return nil, ErrMalformed
		}
		if n++; n > MaxValues {
			return nil, ErrMalformed
		}
		v[name] = append(v[name], string(b))
	}
}

// Problem is why one field (or the whole post, Field "") was refused.
type Problem struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

// emailRe is the HTML standard's definition of a valid e-mail address.
var emailRe = regexp.MustCompile(`^[a-zA-Z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)

// telRe accepts what people write as phone numbers: digits, spaces and
// + ( ) . / -, and an extension.
var telRe = regexp.MustCompile(`^\+?[0-9 ().\/-]+(?:\s*(?:x|ext\.?)\s*[0-9]+)?$`)

// numberRe is a decimal number as a number input sends it.
var numberRe = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// Validate checks values against the definition. It returns the data to
// store (the definition's fields in order; a field left empty is "") or,
// when anything is wrong, the problems (nothing may be stored then).
// Fields the form does not have, and reserved ones (starting "_"), are
// dropped; a post naming more than MaxFields fields is refused whole.
func (d Definition) Validate(values url.Values) (Data, []Problem) {
	names := 0
	for k := range values {
		if !strings.HasPrefix(k, "_") {
			names++
		}
	}
	if names > MaxFields {
		return Data{}, []Problem{{Label: "The form", Message: fmt.Sprintf("It sent %d fields; a form has at most %d.", names, MaxFields)}}
	}
	data := Data{Fields: make([]string, 0, len(d.Fields)), Values: make(map[string]string, len(d.Fields))}
	var problems []Problem
	for _, f := range d.Fields {
		if slices.Contains(data.Fields, f.Name) {
			continue
		}
		data.Fields = append(data.Fields, f.Name)
		v, msg := f.check(values[f.Name])
		if msg != "" {
			problems = append(problems, Problem{Field: f.Name, Label: f.label(), Message: msg})
			continue
		}
		data.Values[f.Name] = v
	}
	if len(problems) > 0 {
		return Data{}, problems
	}
	return data, nil
}

func (f Field) label() string {
	if strings.TrimSpace(f.Label) != "" {
		return f.Label
	}
	return f.Name
}

// check returns the value to store, or why vs is refused.
func (f Field) check(vs []string) (string, string) {
	var kept []string
	for _, v := range vs {
		if f.Kind != KindText && f.Kind != KindTextarea {
			v = strings.TrimSpace(v)
		}
		if strings.TrimSpace(v) != "" { // only spaces is not an answer
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		if f.Required {
			if f.Kind == KindCheckbox {
				return "", "Tick this box to continue."
			}
			if f.Options != nil {
				return "", "Choose an option."
			}
			return "", "Fill in this field."
		}
		return "", ""
	}
	if len(kept) > 1 && !f.Multiple {
		return "", "Give one answer only."
	}
	if f.Multiple && len(kept) > 1 {
		seen := kept[:0]
		for _, v := range kept {
			if !slices.Contains(seen, v) {
				seen = append(seen, v)
			}
		}
		kept = seen
	}
	for _, v := range kept {
		if msg := f.checkOne(v); msg != "" {
			return "", msg
		}
	}
	return strings.Join(kept, ", "), ""
}

func (f Field) checkOne(v string) string {
	if !utf8.ValidString(v) {
		return "Use ordinary text: the value has bytes that are not characters."
	}
	if strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && r != '\t' && !(f.Kind == KindTextarea && (r == '\n' || r == '\r'))
	}) {
		return "Remove the control characters from this field."
	}
	limit := f.MaxLength
	if limit <= 0 {
		limit = DefaultMaxLength
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return fmt.Sprintf("Use at most %d characters (this has %d).", limit, n)
	}
	if f.Options != nil {
		if !slices.Contains(f.Options, v) {
			return "Choose one of the options offered."
		}
		return ""
	}
	if msg := checkKind(f.Kind, v); msg != "" {
		return msg
	}
	if f.Pattern != "" {
		if re, err := regexp.Compile(`^(?:` + f.Pattern + `)$`); err == nil && !re.MatchString(v) {
			return "Use the format this field asks for."
		}
	}
	return ""
}

func checkKind(kind, v string) string {
	switch kind {
	case KindEmail:
		if !emailRe.MatchString(v) {
			return "Enter an email address such as name@example.com."
		}
	case KindURL:
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "Enter a web address starting with http:// or https://."
		}
	case KindTel:
		digits := 0
		for _, r := range v {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if len(v) > 40 || digits < 3 || !telRe.MatchString(v) {
			return "Enter a phone number using digits, spaces and + ( ) -."
		}
	case KindNumber:
		n, err := strconv.ParseFloat(v, 64)
		if !numberRe.MatchString(v) || err != nil || math.IsInf(n, 0) {
			return "Enter a number."
		}
	case KindDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "Enter a date as YYYY-MM-DD."
		}
	}
	return ""
}
