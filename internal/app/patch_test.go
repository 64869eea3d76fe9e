package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// pageOf builds a stored-looking document of about n nodes.
func pageOf(n int) []byte {
	nodes := map[string]any{"root": map[string]any{"id": "root", "type": "Page"}}
	add := func(id, typ, parent string, pos int, props map[string]any) {
		nodes[id] = map[string]any{"id": id, "type": typ, "parent": parent, "pos": fmt.Sprintf("d%04d", pos), "props": props}
	}
	for s := 0; len(nodes) < n; s++ {
		sec := fmt.Sprintf("s%d", s)
		add(sec, "Section", "root", s, map[string]any{"label": "Section " + sec})
		add(sec+"h", "Heading", sec, 0, map[string]any{"text": "Heading " + sec, "level": 2})
		for c := 0; c < 8 && len(nodes) < n; c++ {
			add(fmt.Sprintf("%st%d", sec, c), "Text", sec, c+1, map[string]any{"html": "<p>Some <strong>text</strong>.</p>"})
		}
	}
	b, _ := json.Marshal(map[string]any{"schemaVersion": 1, "root": "root", "meta": map[string]any{"title": "T"}, "nodes": nodes})
	return b
}

func TestPatchDocument(t *testing.T) {
	old := pageOf(50)
	tests := []struct {
		name, ops, err string
	}{
		{"set text", `[{"op":"set","node":"s0h","path":"props/text","value":"New"}]`, ""},
		{"sanitises the touched node", `[{"op":"set","node":"s0t0","path":"props/html","value":"<p onclick=\"x()\">Hi</p>"}]`, ""},
		{"bad prop", `[{"op":"set","node":"s0h","path":"props/level","value":9}]`, "document.invalid"},
		{"embed needs an admin", `[{"op":"insert","node":{"id":"e","type":"Embed","parent":"s0","pos":"a0","props":{"html":"<p>x</p>"}}}]`, "document.embed_admin_only"},
		{"not a list", `{}`, "document.ops_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := (documents{}).patch(context.Background(), "site", old, []byte(tt.ops))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "onclick") {
				t.Errorf("rich text not sanitised: %s", out)
			}
		})
	}
}

// BenchmarkPatchDocument is an autosave of one text change on a 5,000-node
// page: decode, apply, check the touched node, encode.
func BenchmarkPatchDocument(b *testing.B) {
	old := pageOf(5000)
	ops := []byte(`[{"op":"set","node":"s3h","path":"props/text","value":"Changed"}]`)
	b.SetBytes(int64(len(old)))
	for b.Loop() {
		if _, err := (documents{}).patch(context.Background(), "site", old, ops); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateDocument is a full save of the same page, for comparison.
func BenchmarkValidateDocument(b *testing.B) {
	old := pageOf(5000)
	for b.Loop() {
		if _, err := (documents{}).validate(context.Background(), "site", old, func() ([]byte, error) { return old, nil }); err != nil {
			b.Fatal(err)
		}
	}
}
