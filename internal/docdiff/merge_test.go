package docdiff

import (
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
)

// conflictIDs lists conflicts as "id=taken".
func conflictIDs(cs []Conflict) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+"="+c.Taken)
	}
	return out
}

func TestMerge(t *testing.T) {
	base := parse(t, baseJSON)
	tests := []struct {
		name         string
		ours, theirs string
		conflicts    []string // "id=taken", in order
		want         []string // expect() lines for the merged document
		choices      map[string]string
		resolved     []string // expect() lines after Resolve(choices)
	}{
		{name: "one side edits a prop", theirs: `[{"op":"set","node":"h1","path":"props/text","value":"Get your shot"}]`,
			want: []string{"h1.props.text=Get your shot", "h1.props.level=1"}},
		{name: "each side edits another prop of one node", ours: `[{"op":"set","node":"h1","path":"props/level","value":2}]`,
			theirs: `[{"op":"set","node":"h1","path":"props/text","value":"Hi"},{"op":"set","node":"h1","path":"label","value":"Title"}]`,
			want:   []string{"h1.props.text=Hi", "h1.props.level=2", "h1.label=Title"}},
		{name: "both make the same change", ours: `[{"op":"set","node":"h1","path":"props/text","value":"Hi"}]`,
			theirs: `[{"op":"set","node":"h1","path":"props/text","value":"Hi"},{"op":"set","node":"p1","path":"hidden","value":true}]`,
			want:   []string{"h1.props.text=Hi", "p1.hidden=true"}},
		{name: "both change a prop differently", ours: `[{"op":"set","node":"h1","path":"props/text","value":"Ours"}]`,
			theirs:    `[{"op":"set","node":"h1","path":"props/text","value":"Theirs"},{"op":"set","node":"h1","path":"props/level","value":2}]`,
			conflicts: []string{"h1/props.text=ours"},
			want:      []string{"h1.props.text=Ours", "h1.props.level=2"},
			choices:   map[string]string{"h1/props.text": "theirs"}, resolved: []string{"h1.props.text=Theirs", "h1.props.level=2"}},
		{name: "one removes a prop the other changes", ours: `[{"op":"set","node":"h1","path":"props/level","value":null}]`,
			theirs: `[{"op":"set","node":"h1","path":"props/level","value":3}]`, conflicts: []string{"h1/props.level=ours"},
			want: []string{"h1.props.level=-"}, choices: map[string]string{"h1/props.level": "theirs"}, resolved: []string{"h1.props.level=3"}},
		{name: "both change the same style property", ours: `[{"op":"set","node":"h1","path":"styles/md/font-size","value":"{font.size.4xl}"}]`,
			theirs:    `[{"op":"set","node":"h1","path":"styles/md/font-size","value":"2rem"},{"op":"set","node":"h1","path":"styles/md/color","value":"red"}]`,
			conflicts: []string{"h1/styles.md.font-size=ours"},
			want:      []string{"h1.styles.md.font-size={font.size.4xl}", "h1.styles.md.color=red", "h1.styles.base.color={color.text}"},
			choices:   map[string]string{"h1/styles.md.font-size": "theirs"}, resolved: []string{"h1.styles.md.font-size=2rem", "h1.styles.md.color=red"}},
		{name: "one side drops a breakpoint, the other edits another", ours: `[{"op":"set","node":"h1","path":"styles/md","value":null}]`,
			theirs: `[{"op":"set","node":"h1","path":"styles/base/color","value":"blue"}]`,
			want:   []string{"h1.styles.md.font-size=-", "h1.styles.base.color=blue"}},
		{name: "bindings and flags", ours: `[{"op":"set","node":"img","path":"bind/src","value":{"source":"integration/a/b","path":"$.u"}},{"op":"set","node":"img","path":"locked","value":true}]`,
			theirs:    `[{"op":"set","node":"img","path":"bind/src","value":{"source":"integration/a/c","path":"$.u"}},{"op":"set","node":"img","path":"hidden","value":true}]`,
			conflicts: []string{"img/bind.src=ours"},
			want:      []string{`img.bind.src={"source":"integration/a/b","path":"$.u"}`, "img.locked=true", "img.hidden=true"}},
		{name: "meta title conflict", ours: `[{"op":"set","path":"meta/title","value":"Flu shots"}]`,
			theirs:    `[{"op":"set","path":"meta/title","value":"Flu vaccine"},{"op":"set","path":"meta/description","value":"Book online"}]`,
			conflicts: []string{"/meta.title=ours"},
			want:      []string{"meta.title=Flu shots", "meta.description=Book online", "meta.lang=en"},
			choices:   map[string]string{"/meta.title": "theirs"}, resolved: []string{"meta.title=Flu vaccine"}},
		{name: "both add nodes to one parent", ours: `[{"op":"insert","node":{"id":"o1","type":"Text","parent":"hero","pos":"a2"}}]`,
			theirs: `[{"op":"insert","node":{"id":"t1","type":"Text","parent":"hero","pos":"a0a0"}}]`,
			want:   []string{"kids hero=h1,t1,p1,o1"}},
		{name: "both insert at the same position", ours: `[{"op":"insert","node":{"id":"o1","type":"Text","parent":"hero","pos":"a2"}}]`,
			theirs: `[{"op":"insert","node":{"id":"t1","type":"Text","parent":"hero","pos":"a2"}}]`,
			want:   []string{"kids hero=h1,p1,o1,t1"}},
		{name: "both add the same id alike", ours: `[{"op":"insert","node":{"id":"n","type":"Text","parent":"hero","pos":"a2"}}]`,
			theirs: `[{"op":"insert","node":{"id":"n","type":"Text","parent":"hero","pos":"a2"}}]`, want: []string{"kids hero=h1,p1,n"}},
		{name: "both add the same id differently", ours: `[{"op":"insert","node":{"id":"n","type":"Text","parent":"hero","pos":"a2","props":{"text":"a"}}}]`,
			theirs:    `[{"op":"insert","node":{"id":"n","type":"Image","parent":"sec","pos":"a2","props":{"text":"b"}}}]`,
			conflicts: []string{"n/type=ours", "n/props.text=ours", "n/placement=ours"},
			want:      []string{"n.type=Text", "n.parent=hero"},
			choices:   map[string]string{"n/placement": "theirs", "n/type": "theirs"}, resolved: []string{"n.type=Image", "n.parent=sec", "n.props.text=a"}},
		{name: "deleted on one side, unchanged on the other", theirs: `[{"op":"delete","node":"p1"}]`, ours: `[{"op":"set","node":"h1","path":"props/text","value":"x"}]`,
			want: []string{"p1 absent", "kids hero=h1"}},
		{name: "both sides delete the same node", ours: `[{"op":"delete","node":"sec"}]`, theirs: `[{"op":"delete","node":"img"},{"op":"delete","node":"sec"}]`,
			want: []string{"sec absent", "img absent", "btn absent", "kids root=hero,foot"}},
		{name: "deleted by theirs, changed by ours: kept", ours: `[{"op":"set","node":"p1","path":"props/text","value":"Open daily"}]`,
			theirs: `[{"op":"delete","node":"p1"}]`, conflicts: []string{"p1/node=ours"},
			want:    []string{"p1.props.text=Open daily"},
			choices: map[string]string{"p1/node": "theirs"}, resolved: []string{"p1 absent"}},
		{name: "deleted by ours, changed by theirs: kept", ours: `[{"op":"delete","node":"p1"}]`,
			theirs: `[{"op":"set","node":"p1","path":"props/text","value":"Open daily"}]`, conflicts: []string{"p1/node=theirs"},
			want:    []string{"p1.props.text=Open daily", "kids hero=h1,p1"},
			choices: map[string]string{"p1/node": "ours"}, resolved: []string{"p1 absent"}},
		{name: "one side deletes a subtree whose child the other edited", ours: `[{"op":"delete","node":"sec"}]`,
			theirs:    `[{"op":"set","node":"btn","path":"props/text","value":"Book now"}]`,
			conflicts: []string{"sec/node=theirs"},
			want:      []string{"sec present", "img present", "btn.props.text=Book now"},
			choices:   map[string]string{"sec/node": "ours"}, resolved: []string{"sec absent", "img absent", "btn absent"}},
		{name: "a node added under a parent the other side deleted", ours: `[{"op":"insert","node":{"id":"x","type":"Text","parent":"foot","pos":"a1"}}]`,
			theirs: `[{"op":"delete","node":"foot"}]`, conflicts: []string{"foot/node=ours"},
			want:    []string{"kids foot=small,x"},
			choices: map[string]string{"foot/node": "theirs"}, resolved: []string{"foot absent", "small absent", "x absent"}},
		{name: "a move into a subtree deleted by the other side", ours: `[{"op":"move","node":"p1","parent":"sec","pos":"a2"}]`,
			theirs: `[{"op":"delete","node":"sec"}]`, conflicts: []string{"sec/node=ours"},
			want:    []string{"kids sec=img,btn,p1"},
			choices: map[string]string{"sec/node": "theirs"}, resolved: []string{"sec absent", "btn absent", "p1.parent=hero", "kids hero=h1,p1"}},
		{name: "the deleting side moved a child out first", theirs: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"},{"op":"delete","node":"sec"}]`,
			want: []string{"sec absent", "img absent", "kids hero=h1,p1,btn"}},
		{name: "ours moved a child out of a subtree theirs deleted", ours: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`,
			theirs: `[{"op":"delete","node":"sec"}]`, conflicts: []string{"sec/node=ours"},
			want:    []string{"kids sec=img", "kids hero=h1,p1,btn"},
			choices: map[string]string{"sec/node": "theirs"}, resolved: []string{"sec absent", "img absent", "btn absent"}},
		{name: "moved on one side, edited on the other", ours: `[{"op":"move","node":"btn","parent":"hero","pos":"Zz"}]`,
			theirs: `[{"op":"set","node":"btn","path":"props/text","value":"Go"}]`,
			want:   []string{"btn.parent=hero", "btn.props.text=Go", "kids hero=btn,h1,p1"}},
		{name: "both moved the node differently", ours: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`,
			theirs: `[{"op":"move","node":"btn","parent":"foot","pos":"a1"}]`, conflicts: []string{"btn/placement=ours"},
			want:    []string{"btn.parent=hero"},
			choices: map[string]string{"btn/placement": "theirs"}, resolved: []string{"btn.parent=foot", "kids foot=small,btn"}},
		{name: "both moved the node alike", ours: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`,
			theirs: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"}]`, want: []string{"kids hero=h1,p1,btn"}},
		{name: "reorders of different siblings both apply", ours: `[{"op":"move","node":"foot","parent":"root","pos":"Zz"}]`,
			theirs: `[{"op":"move","node":"hero","parent":"root","pos":"a5"}]`, want: []string{"kids root=foot,sec,hero"}},
		{name: "concurrent moves making a cycle", ours: `[{"op":"move","node":"hero","parent":"sec","pos":"a2"}]`,
			theirs:    `[{"op":"move","node":"sec","parent":"hero","pos":"a2"}]`,
			conflicts: []string{"sec/placement=ours"},
			want:      []string{"hero.parent=sec", "sec.parent=root", "kids root=sec,foot"},
			choices:   map[string]string{"sec/placement": "theirs"}, resolved: []string{"sec.parent=hero", "hero.parent=root", "kids root=hero,foot"}},
		{name: "a longer cycle through unmoved nodes", ours: `[{"op":"move","node":"hero","parent":"img","pos":"a0"}]`,
			theirs:    `[{"op":"move","node":"sec","parent":"h1","pos":"a0"}]`,
			conflicts: []string{"sec/placement=ours"},
			want:      []string{"hero.parent=img", "sec.parent=root"}},
		{name: "type changed on one side", theirs: `[{"op":"delete","node":"small"},{"op":"insert","node":{"id":"small","type":"Heading","parent":"foot","pos":"a0","props":{"text":"© Clinic"}}}]`,
			want: []string{"small.type=Heading"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ours, theirs := edit(t, base, tt.ours), edit(t, base, tt.theirs)
			baseJSON, oursJSON, theirsJSON := mustJSON(t, base), mustJSON(t, ours), mustJSON(t, theirs)
			merged, conflicts := Merge(base, ours, theirs)
			valid(t, merged)
			if got := conflictIDs(conflicts); !slices.Equal(got, tt.conflicts) {
				t.Errorf("conflicts %q, want %q", got, tt.conflicts)
			}
			expect(t, merged, tt.want...)
			if mustJSON(t, base) != baseJSON || mustJSON(t, ours) != oursJSON || mustJSON(t, theirs) != theirsJSON {
				t.Error("Merge changed an input")
			}
			for _, c := range conflicts {
				if c.ID != c.Node+"/"+c.Field || c.Label == "" || c.Path == "" {
					t.Errorf("conflict %+v is not named", c)
				}
			}
			if tt.choices != nil {
				r, err := Resolve(merged, conflicts, tt.choices)
				if err != nil {
					t.Fatalf("resolve: %v", err)
				}
				valid(t, r)
				expect(t, r, tt.resolved...)
			}
			// Choosing what was taken changes nothing.
			same := map[string]string{}
			for _, c := range conflicts {
				if c.Taken != "" {
					same[c.ID] = c.Taken
				}
			}
			r, err := Resolve(merged, conflicts, same)
			if err != nil {
				t.Fatalf("resolve as taken: %v", err)
			}
			if mustJSON(t, r) != mustJSON(t, merged) {
				t.Errorf("resolving each conflict as taken changed the document")
			}
		})
	}
}

func TestMergeConflictJSON(t *testing.T) {
	base := parse(t, baseJSON)
	_, cs := Merge(base, edit(t, base, `[{"op":"move","node":"btn","parent":"hero","pos":"a2"},{"op":"set","node":"h1","path":"props/text","value":"A"}]`),
		edit(t, base, `[{"op":"move","node":"btn","parent":"foot","pos":"a1"},{"op":"set","node":"h1","path":"props/text","value":"B"}]`))
	got, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"id":"h1/props.text","node":"h1","type":"Heading","label":"A","path":"Page › Hero › Heading · A","field":"props.text","base":"Book your flu shot","ours":"A","theirs":"B","taken":"ours"},` +
		`{"id":"btn/placement","node":"btn","type":"Button","label":"Book","path":"Page › Hero › Button · Book","field":"placement","base":{"parent":"sec","parentLabel":"Section","pos":"a1"},"ours":{"parent":"hero","parentLabel":"Hero","pos":"a2"},"theirs":{"parent":"foot","parentLabel":"Footer","pos":"a1"},"taken":"ours","reason":"Ours and theirs both moved this node, to different places."}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestResolveErrors(t *testing.T) {
	base := parse(t, baseJSON)
	ours := edit(t, base, `[{"op":"move","node":"p1","parent":"sec","pos":"a2"}]`)
	theirs := edit(t, base, `[{"op":"move","node":"p1","parent":"foot","pos":"a1"},{"op":"delete","node":"sec"}]`)
	merged, conflicts := Merge(base, ours, theirs)
	valid(t, merged)
	if got := conflictIDs(conflicts); !slices.Equal(got, []string{"sec/node=ours", "p1/placement=ours"}) {
		t.Fatalf("conflicts %q", got)
	}
	tests := []struct {
		name      string
		merged    *doc.Document
		conflicts []Conflict
		choices   map[string]string
		code      string
		location  string
	}{
		{name: "unknown conflict", choices: map[string]string{"h1/props.text": "ours"}, code: "merge.choice_invalid", location: "body.choices.h1/props.text"},
		{name: "bad side", choices: map[string]string{"sec/node": "mine"}, code: "merge.choice_invalid", location: "body.choices.sec/node"},
		{name: "choices that cannot both hold", choices: map[string]string{"sec/node": "theirs", "p1/placement": "ours"}, code: "merge.choices_conflict", location: "body.choices.p1/placement"},
		{name: "another document", merged: base, choices: map[string]string{"sec/node": "theirs"}, code: "internal"},
		{name: "conflicts not from Merge", conflicts: []Conflict{{ID: "sec/node"}}, choices: map[string]string{"sec/node": "theirs"}, code: "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, cs := merged, conflicts
			if tt.merged != nil {
				m = tt.merged
			}
			if tt.conflicts != nil {
				cs = tt.conflicts
			}
			_, err := Resolve(m, cs, tt.choices)
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("err %v, want code %s", err, tt.code)
			}
			if tt.location != "" && (len(e.Fields) != 1 || e.Fields[0].Location != tt.location) {
				t.Errorf("fields %+v, want one at %s", e.Fields, tt.location)
			}
		})
	}
	// Both ways of keeping the choices consistent work.
	for _, ch := range []map[string]string{{"sec/node": "theirs", "p1/placement": "theirs"}, {"sec/node": "ours", "p1/placement": "ours"}, {"sec/node": "theirs"}} {
		r, err := Resolve(merged, conflicts, ch)
		if err != nil {
			t.Fatalf("%v: %v", ch, err)
		}
		valid(t, r)
	}
	// No conflicts: Resolve checks and returns the document.
	if r, err := Resolve(base, nil, nil); err != nil || r != base {
		t.Errorf("no conflicts: %v", err)
	}
}

// FuzzMerge: base plus two random edit sequences. The merge never panics
// and always validates; an untouched side yields the other exactly; sides
// that touched disjoint nodes merge without conflicts; resolving every
// conflict either way validates.
func FuzzMerge(f *testing.F) {
	for i := range uint64(16) {
		f.Add(i)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		checkMerge(t, seed)
	})
}

// TestMergeProperty runs the fuzz checks over a fixed range of seeds, so
// plain go test covers them, and checks that the generator reaches every
// kind of conflict often enough to mean something.
func TestMergeProperty(t *testing.T) {
	disjoint := 0
	kinds := map[string]int{}
	for seed := range uint64(6000) {
		d, cs := checkMerge(t, seed)
		if d {
			disjoint++
		}
		for _, c := range cs {
			k, _, _ := strings.Cut(c.Field, ".")
			if c.Field == FieldPlacement && strings.Contains(c.Reason, "into each other") {
				k = "cycle"
			}
			kinds[k]++
		}
	}
	t.Logf("%d of 6000 disjoint; conflicts by kind: %v", disjoint, kinds)
	for _, k := range []string{"node", "placement", "cycle", "props", "styles", "label", "meta"} {
		if kinds[k] < 10 {
			t.Errorf("weak generator: %d %s conflicts", kinds[k], k)
		}
	}
	if disjoint < 500 {
		t.Errorf("weak generator: %d disjoint merges", disjoint)
	}
}

func checkMerge(t *testing.T, seed uint64) (disjoint bool, conflicts []Conflict) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 5))
	g := &gen{r: r}
	// Every fourth seed is a small page edited heavily on both sides,
	// which is where cycles and nested deletions happen.
	size, edits := r.IntN(25), func() int { return r.IntN(8) }
	if seed%4 == 3 {
		size, edits = 5+r.IntN(12), func() int { return 10 + r.IntN(15) }
	}
	base := g.randomDoc(size, func(i int) string { return "n" + itoa(i) })
	g.prefix = "o"
	ours, touchedO := g.randomEdits(base, edits())
	g.prefix = "t"
	theirs, touchedT := g.randomEdits(base, edits())
	inputs := mustJSON(t, base) + mustJSON(t, ours) + mustJSON(t, theirs)
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d: "+format+"\nbase:\n%s\nours:\n%s\ntheirs:\n%s", append(append([]any{seed}, args...), describe(base), describe(ours), describe(theirs))...)
	}

	merged, conflicts := Merge(base, ours, theirs)
	if err := doc.Check(merged); err != nil {
		fail("merged is invalid: %v", err)
	}
	if inputs != mustJSON(t, base)+mustJSON(t, ours)+mustJSON(t, theirs) {
		fail("Merge changed an input")
	}
	again, conflicts2 := Merge(base, ours, theirs)
	c1, _ := json.Marshal(conflicts)
	c2, _ := json.Marshal(conflicts2)
	if mustJSON(t, again) != mustJSON(t, merged) || string(c1) != string(c2) {
		fail("merging twice gave different results:\n%s\n%s", c1, c2)
	}
	disjoint = true
	for id := range touchedO {
		if touchedT[id] {
			disjoint = false
		}
	}
	if disjoint && len(conflicts) > 0 {
		fail("disjoint edits (ours %v, theirs %v) conflict: %q", slices.Sorted(maps.Keys(touchedO)), slices.Sorted(maps.Keys(touchedT)), conflictIDs(conflicts))
	}
	if m, c := Merge(base, ours, base); mustJSON(t, m) != mustJSON(t, ours) || len(c) > 0 {
		fail("merging with theirs = base is not ours: %q\n%s", conflictIDs(c), describe(m))
	}
	if m, c := Merge(base, base, theirs); mustJSON(t, m) != mustJSON(t, theirs) || len(c) > 0 {
		fail("merging with ours = base is not theirs: %q\n%s", conflictIDs(c), describe(m))
	}
	if m, c := Merge(base, ours, ours); mustJSON(t, m) != mustJSON(t, ours) || len(c) > 0 {
		fail("merging a side with itself is not that side: %q", conflictIDs(c))
	}
	if len(conflicts) == 0 {
		return disjoint, nil
	}
	// Every conflict taken as reported changes nothing; all ours, all
	// theirs, and a random mix validate (a mix may also be refused as
	// contradictory).
	all := func(side string) map[string]string {
		ch := map[string]string{}
		for _, c := range conflicts {
			ch[c.ID] = side
		}
		return ch
	}
	for _, side := range []string{Ours, Theirs} {
		res, err := Resolve(merged, conflicts, all(side))
		if err != nil {
			fail("all %s: %v (conflicts %q)", side, err, conflictIDs(conflicts))
		}
		if err := doc.Check(res); err != nil {
			fail("all %s is invalid: %v", side, err)
		}
	}
	mix := all(Ours)
	for id := range mix {
		if r.IntN(2) == 0 {
			mix[id] = Theirs
		}
	}
	if _, err := Resolve(merged, conflicts, mix); err != nil && !strings.Contains(err.Error(), "merge.choices_conflict") {
		fail("mixed choices: %v", err)
	}
	return disjoint, conflicts
}
