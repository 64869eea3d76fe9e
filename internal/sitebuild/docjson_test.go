package sitebuild_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

// sameAsEncodingJSON fails the test if the fast decoder accepts b but
// decodes it differently from encoding/json (it may decline: the build
// then uses encoding/json).
func sameAsEncodingJSON(t *testing.T, b []byte) (fast bool) {
	t.Helper()
	return sameWith(t, sitebuild.DecodeDocument, b)
}

func sameWith(t *testing.T, decode func([]byte) (*doc.Document, error), b []byte) (fast bool) {
	t.Helper()
	got, err := decode(b)
	if err != nil {
		return false
	}
	var want doc.Document
	if werr := json.Unmarshal(b, &want); werr != nil {
		t.Fatalf("decoded %q, which encoding/json refuses: %v", b, werr)
	}
	if !reflect.DeepEqual(got, &want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(&want)
		t.Fatalf("decoded %q\nas   %s\nwant %s", b, g, w)
	}
	return true
}

// decoderCases are documents the fast decoder must decode as
// encoding/json does, or decline.
var decoderCases = []struct {
	name string
	json string
	fast bool // whether the fast decoder must take it
}{
	{"empty nodes", `{"schemaVersion":1,"root":"root","nodes":{}}`, true},
	{"white space", " {\n\t\"schemaVersion\" : 1 , \"root\" : \"r\" , \"meta\" : { \"title\" : \"T\" } , \"nodes\" : { \"r\" : { \"id\" : \"r\" , \"type\" : \"Page\" , \"props\" : { } } } }\r\n", true},
	{"generic values", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","props":{"a":[1,-2.5e3,0.125,true,false,null,"x",{"y":[]}],"b":{},"c":null}}}}`, true},
	{"escapes", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Text","props":{"html":"\u003cp\u003e\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800 x \udc00\ud800\udc00 é"}}}}`, true},
	{"invalid UTF-8", "{\"schemaVersion\":1,\"root\":\"r\",\"nodes\":{\"r\":{\"id\":\"r\",\"type\":\"Text\",\"props\":{\"html\":\"a\xffb\xc3\"}}}}", true},
	{"styles and flags", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"h":{"id":"h","type":"Heading","parent":"r","pos":"a0","label":"H","hidden":true,"locked":false,"styles":{"base":{"color":"{color.primary}","margin":0},"md":{}},"bind":{"text":{"source":"x"}}}}}`, true},
	{"repeated node key", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"r":{"id":"r","type":"Text"}}}`, true},
	{"repeated prop key", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","props":{"a":1,"a":2}}}}`, true},
	{"escaped node id", `{"schemaVersion":1,"root":"r","nodes":{"\u0072":{"id":"r","type":"Page"}}}`, true},
	{"key in another case", `{"SchemaVersion":1,"root":"r","nodes":{}}`, false},
	{"unknown field", `{"schemaVersion":1,"root":"r","nodes":{},"extra":1}`, false},
	{"repeated field", `{"schemaVersion":1,"root":"r","root":"s","nodes":{}}`, false},
	{"repeated styles key", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","styles":{"base":{"a":"1"},"base":{"b":"2"}}}}}`, false},
	{"null string field", `{"schemaVersion":1,"root":null,"nodes":{}}`, false},
	{"null node", `{"schemaVersion":1,"root":"r","nodes":{"r":null}}`, false},
	{"float version", `{"schemaVersion":1.0,"root":"r","nodes":{}}`, false},
	{"number out of range", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","props":{"a":1e400}}}}`, false},
	{"trailing data", `{"schemaVersion":1,"root":"r","nodes":{}} x`, false},
	{"trailing comma", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page",}}}`, false},
	{"bad number", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","props":{"a":01}}}}`, false},
	{"control character", "{\"schemaVersion\":1,\"root\":\"a\tb\",\"nodes\":{}}", false},
	{"truncated", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Pa`, false},
}

func TestDecodeDocument(t *testing.T) {
	for _, c := range decoderCases {
		t.Run(c.name, func(t *testing.T) {
			if fast := sameAsEncodingJSON(t, []byte(c.json)); fast != c.fast {
				t.Errorf("fast decoder took it: %v, want %v", fast, c.fast)
			}
		})
	}
	t.Run("site documents", func(t *testing.T) {
		var docs [][]byte
		for _, p := range smallSite() {
			docs = append(docs, p.Document)
		}
		for _, p := range benchSite(30, 3) {
			docs = append(docs, p.Document)
		}
		golden, err := filepath.Glob(filepath.Join(repoRoot(t), "internal/render/testdata/*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range golden {
			b, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, b)
		}
		shared := sitebuild.NewSharedDecoder()
		for _, b := range docs {
			if !sameAsEncodingJSON(t, b) || !sameWith(t, shared, b) {
				t.Errorf("the fast decoder declined %.100s…", b)
			}
		}
	})
}

// FuzzDecodeDocument checks that the fast document decoder never decodes
// differently from encoding/json.
func FuzzDecodeDocument(f *testing.F) {
	for _, c := range decoderCases {
		f.Add([]byte(c.json))
	}
	for _, p := range smallSite() {
		f.Add(p.Document)
	}
	shared := sitebuild.NewSharedDecoder()
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsEncodingJSON(t, b)
		sameWith(t, shared, b)
	})
}

// BenchmarkDecodeDocument compares the build's document decoder with
// encoding/json on a generated page of about 60 nodes.
func BenchmarkDecodeDocument(b *testing.B) {
	d := benchPage(42, 100, 5, "")
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		b.ReportAllocs()
		for b.Loop() {
			var out doc.Document
			if err := json.Unmarshal(d, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sitebuild.DecodeDocument(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast-shared-strings", func(b *testing.B) {
		decode := sitebuild.NewSharedDecoder()
		b.SetBytes(int64(len(d)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decode(d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
