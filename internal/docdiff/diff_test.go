package docdiff

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/pagewright/pagewright/internal/doc"
)

// line renders a change compactly: "kind node path [fields] [move]".
func line(c Change) string {
	s := c.Kind + " " + c.Node + " " + c.Path
	for _, f := range c.Fields {
		b, _ := json.Marshal(f.Before)
		a, _ := json.Marshal(f.After)
		s += " | " + f.Field + ": " + string(b) + " → " + string(a)
	}
	if m := c.Move; m != nil {
		s += " | " + m.FromParent + "[" + itoa(m.FromIndex) + "] → " + m.ToParent + "[" + itoa(m.ToIndex) + "]"
	}
	return s
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestDiff(t *testing.T) {
	base := parse(t, baseJSON)
	tests := []struct {
		name    string
		ops     string
		want    []string
		summary Summary
	}{
		{name: "identical", want: nil},
		{name: "prop changed", ops: `[{"op":"set","node":"h1","path":"props/text","value":"Get your flu shot"}]`,
			want:    []string{`changed h1 Page › Hero › Heading · Get your flu shot | props.text: "Book your flu shot" → "Get your flu shot"`},
			summary: Summary{Changed: 1}},
		{name: "style, label, flags and binding", ops: `[{"op":"set","node":"img","path":"styles/md/width","value":"50%"},
			{"op":"set","node":"img","path":"styles/base","value":{}},{"op":"set","node":"img","path":"label","value":"Photo"},
			{"op":"set","node":"img","path":"hidden","value":true},{"op":"set","node":"img","path":"bind/src","value":{"source":"integration/i/e","path":"$.url"}}]`,
			want:    []string{`changed img Page › Section › Photo | label: null → "Photo" | hidden: false → true | styles.base: null → {} | styles.md.width: null → "50%" | bind.src: null → {"path":"$.url","source":"integration/i/e"}`},
			summary: Summary{Changed: 1}},
		{name: "added subtree", ops: `[{"op":"insert","node":{"id":"faq","type":"Section","parent":"root","pos":"a1a0","label":"FAQ"}},
			{"op":"insert","node":{"id":"q1","type":"Text","parent":"faq","pos":"a0","props":{"text":"<b>Is it free?</b>  Yes."}}}]`,
			want:    []string{"added faq Page › FAQ", "added q1 Page › FAQ › Text · Is it free? Yes."},
			summary: Summary{Added: 2}},
		{name: "removed subtree in old order", ops: `[{"op":"delete","node":"sec"}]`,
			want:    []string{"removed sec Page › Section", "removed img Page › Section › Image · Nurse", "removed btn Page › Section › Button · Book"},
			summary: Summary{Removed: 3}},
		{name: "moved to another parent", ops: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`,
			want:    []string{"moved btn Page › Hero › Button · Book | sec[1] → hero[2]"},
			summary: Summary{Moved: 1}},
		{name: "reordered: only the node that jumped moved", ops: `[{"op":"move","node":"foot","parent":"root","pos":"Zz"}]`,
			want:    []string{"moved foot Page › Footer | root[2] → root[0]"},
			summary: Summary{Moved: 1}},
		{name: "re-keyed in the same order is no move", ops: `[{"op":"move","node":"hero","parent":"root","pos":"Zy"},{"op":"move","node":"sec","parent":"root","pos":"Zz"}]`,
			want: nil},
		{name: "siblings inserted before is no move", ops: `[{"op":"insert","node":{"id":"x","type":"Text","parent":"hero","pos":"Zz"}}]`,
			want:    []string{"added x Page › Hero › Text"},
			summary: Summary{Added: 1}},
		{name: "moved and changed", ops: `[{"op":"move","node":"p1","parent":"foot","pos":"a1"},{"op":"set","node":"p1","path":"props/text","value":"Open daily"}]`,
			want:    []string{"moved p1 Page › Footer › Text · Open daily | hero[1] → foot[1]", `changed p1 Page › Footer › Text · Open daily | props.text: "Open weekdays" → "Open daily"`},
			summary: Summary{Moved: 1, Changed: 1}},
		{name: "meta first", ops: `[{"op":"set","path":"meta/title","value":"Flu shots"},{"op":"set","path":"meta/lang","value":null},{"op":"set","node":"small","path":"props/text","value":"©"}]`,
			want:    []string{`meta  Page | meta.title: "Flu clinic" → "Flu shots" | meta.lang: "en" → null`, `changed small Page › Footer › Text · © | props.text: "© Clinic" → "©"`},
			summary: Summary{Changed: 1, Meta: 2}},
		{name: "type change", ops: `[{"op":"delete","node":"small"},{"op":"insert","node":{"id":"small","type":"Heading","parent":"foot","pos":"a0","props":{"text":"© Clinic"}}}]`,
			want:    []string{`changed small Page › Footer › Heading · © Clinic | type: "Text" → "Heading"`},
			summary: Summary{Changed: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := edit(t, base, tt.ops)
			res := Diff(base, b)
			var got []string
			for _, c := range res.Changes {
				got = append(got, line(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if res.Summary != tt.summary {
				t.Errorf("summary %+v, want %+v", res.Summary, tt.summary)
			}
			if res.Changes == nil {
				t.Error("changes must encode as [], not null")
			}
		})
	}
}

func TestDiffJSON(t *testing.T) {
	base := parse(t, baseJSON)
	b := edit(t, base, `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`)
	got, err := json.Marshal(Diff(base, b))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"changes":[{"kind":"moved","node":"btn","type":"Button","label":"Book","path":"Page › Hero › Button · Book","move":{"fromParent":"sec","fromParentLabel":"Section","fromIndex":1,"fromPath":"Page › Section › Button · Book","toParent":"hero","toParentLabel":"Hero","toIndex":2}}],"summary":{"added":0,"removed":0,"moved":0,"changed":0,"meta":0}}`
	want = strings.Replace(want, `"moved":0`, `"moved":1`, 1)
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name string
		node doc.Node
		want string
	}{
		{"label wins", doc.Node{Type: "Section", Label: "Hero", Props: map[string]any{"text": "x"}}, "Hero"},
		{"text", doc.Node{Type: "Text", Props: map[string]any{"text": "  Open\n weekdays "}}, "Open weekdays"},
		{"rich text loses tags", doc.Node{Type: "RichText", Props: map[string]any{"text": "<p>Open <em>daily</em></p>"}}, "Open daily"},
		{"alt when no text", doc.Node{Type: "Image", Props: map[string]any{"text": "", "alt": "Nurse"}}, "Nurse"},
		{"type last", doc.Node{Type: "Divider"}, "Divider"},
		{"cut to 60", doc.Node{Type: "Text", Props: map[string]any{"text": strings.Repeat("é", 70)}}, strings.Repeat("é", 59) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Label(&tt.node); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDiffProperty checks Diff against the documents: a change for every
// node added, removed or with other content, and nothing for identical
// documents.
func TestDiffProperty(t *testing.T) {
	for seed := range uint64(300) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 1)), prefix: "x"}
		a := g.randomDoc(int(seed%30), func(i int) string { return "n" + itoa(i) })
		b, _ := g.randomEdits(a, int(seed%12))
		res := Diff(a, b)
		kinds := map[string]string{}
		for _, c := range res.Changes {
			kinds[c.Node] += c.Kind + ","
		}
		for id, n := range b.Nodes {
			o := a.Nodes[id]
			switch {
			case o == nil && kinds[id] != "added,":
				t.Fatalf("seed %d: %s added, diff says %q", seed, id, kinds[id])
			case o != nil && !contentEqual(o, n) && !strings.Contains(kinds[id], "changed"):
				t.Fatalf("seed %d: %s changed, diff says %q", seed, id, kinds[id])
			case o != nil && o.Parent != n.Parent && !strings.Contains(kinds[id], "moved"):
				t.Fatalf("seed %d: %s moved, diff says %q", seed, id, kinds[id])
			}
		}
		for id := range a.Nodes {
			if b.Nodes[id] == nil && kinds[id] != "removed," {
				t.Fatalf("seed %d: %s removed, diff says %q", seed, id, kinds[id])
			}
		}
		if len(Diff(a, a).Changes) != 0 {
			t.Fatalf("seed %d: a document differs from itself", seed)
		}
	}
}

func TestPatch(t *testing.T) {
	base := parse(t, baseJSON)
	tests := []struct {
		name string
		ops  string
		want string // the patch, when short enough to spell out
	}{
		{name: "equal", want: `[]`},
		{name: "prop", ops: `[{"op":"set","node":"h1","path":"props/text","value":"Hi"}]`,
			want: `[{"op":"replace","path":"/nodes/h1/props/text","value":"Hi"}]`},
		{name: "delete", ops: `[{"op":"delete","node":"foot"}]`,
			want: `[{"op":"remove","path":"/nodes/foot"},{"op":"remove","path":"/nodes/small"}]`},
		{name: "move", ops: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`,
			want: `[{"op":"replace","path":"/nodes/btn/parent","value":"hero"},{"op":"replace","path":"/nodes/btn/pos","value":"a2"}]`},
		{name: "id with a slash and a tilde", ops: `[{"op":"insert","node":{"id":"a/b~c","type":"Text","parent":"root","pos":"a9"}}]`,
			want: `[{"op":"add","path":"/nodes/a~1b~0c","value":{"id":"a/b~c","parent":"root","pos":"a9","type":"Text"}}]`},
		{name: "prop to null", ops: `[{"op":"delete","node":"p1"},{"op":"insert","node":{"id":"p1","type":"Text","parent":"hero","pos":"a1","props":{"text":null}}}]`,
			want: `[{"op":"replace","path":"/nodes/p1/props/text","value":null}]`},
		{name: "many", ops: `[{"op":"set","path":"meta/title","value":"X"},{"op":"set","node":"img","path":"styles/md/width","value":"1px"},
			{"op":"move","node":"p1","parent":"foot","pos":"Zz"},{"op":"delete","node":"sec"},{"op":"set","node":"h1","path":"props/items","value":[1,2,3]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustJSON(t, base), mustJSON(t, edit(t, base, tt.ops))
			p, err := Patch([]byte(a), []byte(b))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && !jsonSame(t, string(p), tt.want) {
				t.Errorf("patch %s\nwant  %s", p, tt.want)
			}
			checkPatch(t, a, b, p)
			pd, err := PatchDocs(parse(t, a), parse(t, b))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && !jsonSame(t, string(pd), tt.want) {
				t.Errorf("PatchDocs %s\nwant      %s", pd, tt.want)
			}
			checkPatch(t, a, b, pd)
		})
	}
	if _, err := Patch([]byte(`{`), []byte(`{}`)); err == nil {
		t.Error("malformed JSON gave no error")
	}
}

// checkPatch applies p to a with json-patch and compares with b.
func checkPatch(t testing.TB, a, b string, p []byte) {
	t.Helper()
	jp, err := jsonpatch.DecodePatch(p)
	if err != nil {
		t.Fatalf("decode %s: %v", p, err)
	}
	got, err := jp.Apply([]byte(a))
	if err != nil {
		t.Fatalf("apply %s: %v", p, err)
	}
	if !jsonSame(t, string(got), b) {
		t.Fatalf("patched:\n%s\nwant:\n%s\npatch %s", got, b, p)
	}
}

// jsonSame compares two JSON texts as values.
func jsonSame(t testing.TB, x, y string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal([]byte(x), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(y), &b); err != nil {
		t.Fatal(err)
	}
	return jsonEqual(a, b)
}

func TestPatchProperty(t *testing.T) {
	for seed := range uint64(200) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 2)), prefix: "x"}
		a := g.randomDoc(int(seed%25), func(i int) string { return "n" + itoa(i) })
		b, _ := g.randomEdits(a, int(seed%10))
		ja, jb := mustJSON(t, a), mustJSON(t, b)
		p, err := Patch([]byte(ja), []byte(jb))
		if err != nil {
			t.Fatal(err)
		}
		checkPatch(t, ja, jb, p)
	}
}

// TestPatchDocs: PatchDocs gives a patch that turns a's JSON into b's, for
// related and unrelated random documents, and agrees with Patch on what
// it touches.
func TestPatchDocs(t *testing.T) {
	for seed := range uint64(1000) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 6)), prefix: "x"}
		pool := func(int) string { return "n" + itoa(g.r.IntN(12)) }
		a := g.randomDoc(int(seed%25), pool)
		var b *doc.Document
		if seed%3 == 0 {
			b = g.randomDoc(int(seed%19), pool)
			b.Meta.Title, b.SchemaVersion = "Other", 1
		} else {
			b, _ = g.randomEdits(a, int(seed%12))
		}
		// Round-trip both, as stored versions are.
		a, b = reparse(t, a), reparse(t, b)
		ja, jb := mustJSON(t, a), mustJSON(t, b)
		p, err := PatchDocs(a, b)
		if err != nil {
			t.Fatal(err)
		}
		checkPatch(t, ja, jb, p)
		if ja == jb && string(p) != "[]" {
			t.Fatalf("seed %d: equal documents give %s", seed, p)
		}
	}
}
