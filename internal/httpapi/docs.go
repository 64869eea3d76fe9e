package httpapi

import (
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// The API reference is rendered here from the OpenAPI document rather than
// by a script from a CDN: instances often run where the internet is not
// reachable, and the page must work under the app's CSP.

type docOp struct {
	Method, Path, Summary, Description, ID string
	Params                                 []*huma.Param
	Body                                   string
	Responses                              []docResp
	Public                                 bool
}

type docResp struct{ Status, Description, Schema string }

type docTag struct {
	Name string
	Ops  []docOp
}

type docSchema struct {
	Name   string
	Fields []docField
}

type docField struct{ Name, Type, Doc string }

func schemaName(s *huma.Schema) string {
	if s == nil {
		return ""
	}
	if s.Ref != "" {
		return strings.TrimPrefix(s.Ref, "#/components/schemas/")
	}
	if s.Type == "array" && s.Items != nil {
		return "[]" + schemaName(s.Items)
	}
	return s.Type
}

func (s *server) docsPage(api huma.API) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		oa := api.OpenAPI()
		byTag := map[string][]docOp{}
		for path, item := range oa.Paths {
			for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
				if op == nil {
					continue
				}
				d := docOp{Method: method, Path: path, Summary: op.Summary, Description: op.Description, ID: op.OperationID,
					Params: op.Parameters, Public: len(op.Security) == 1 && len(op.Security[0]) == 0}
				if op.RequestBody != nil {
					for _, mt := range op.RequestBody.Content {
						d.Body = schemaName(mt.Schema)
					}
				}
				for code, resp := range op.Responses {
					dr := docResp{Status: code, Description: resp.Description}
					for _, mt := range resp.Content {
						dr.Schema = schemaName(mt.Schema)
					}
					d.Responses = append(d.Responses, dr)
				}
				sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].Status < d.Responses[j].Status })
				tag := "Other"
				if len(op.Tags) > 0 {
					tag = op.Tags[0]
				}
				byTag[tag] = append(byTag[tag], d)
			}
		}
		var tags []docTag
		for name, ops := range byTag {
			sort.Slice(ops, func(i, j int) bool {
				if ops[i].Path != ops[j].Path {
					return ops[i].Path < ops[j].Path
				}
				return ops[i].Method < ops[j].Method
			})
			tags = append(tags, docTag{name, ops})
		}
		order := []string{"Auth", "Tokens", "Sites", "Pages", "Audit"}
		sort.Slice(tags, func(i, j int) bool {
			a, b := slices.Index(order, tags[i].Name), slices.Index(order, tags[j].Name)
			if a < 0 {
				a = 99
			}
			if b < 0 {
				b = 99
			}
			return a < b || (a == b && tags[i].Name < tags[j].Name)
		})
		var schemas []docSchema
		for name, sc := range oa.Components.Schemas.Map() {
			ds := docSchema{Name: name}
			for fname, f := range sc.Properties {
				typ := schemaName(f)
				if slices.Contains(sc.Required, fname) {
					typ += ", required"
				}
				ds.Fields = append(ds.Fields, docField{fname, typ, f.Description})
			}
			sort.Slice(ds.Fields, func(i, j int) bool { return ds.Fields[i].Name < ds.Fields[j].Name })
			schemas = append(schemas, ds)
		}
		sort.Slice(schemas, func(i, j int) bool { return schemas[i].Name < schemas[j].Name })
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = docsTmpl.Execute(w, map[string]any{"Info": oa.Info, "Tags": tags, "Schemas": schemas})
	}
}

var docsTmpl = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Info.Title}} reference</title>
<style>
:root{color-scheme:light dark;--fg:#1c2024;--muted:#60646c;--line:#e0e1e6;--bg:#fff;--code:#f3f4f6;--accent:#0d9488}
@media (prefers-color-scheme:dark){:root{--fg:#edeef0;--muted:#a0a4ab;--line:#2e3135;--bg:#111113;--code:#1c1d20}}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
main{max-width:960px;margin:0 auto;padding:32px 24px 80px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
p.lead{color:var(--muted);margin:0 0 16px}a{color:var(--accent)}
.op{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:10px 0}
.op h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.m{font:600 12px ui-monospace,monospace;padding:2px 8px;border-radius:4px;color:#fff}
.GET{background:#0b7285}.POST{background:#2b8a3e}.PUT{background:#e67700}.PATCH{background:#6741d9}.DELETE{background:#c92a2a}
code{font:13px ui-monospace,SFMono-Regular,monospace;background:var(--code);padding:1px 5px;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:14px}td,th{text-align:left;padding:4px 8px;border-top:1px solid var(--line);vertical-align:top}
.muted{color:var(--muted)}.tag{font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:99px;padding:0 8px}
</style></head><body><main>
<h1>{{.Info.Title}}</h1><p class="lead">Version {{.Info.Version}} · <a href="/api/openapi.json">OpenAPI 3.1 document</a> · <a href="/">Back to Pagewright</a></p>
<p>{{.Info.Description}}</p>
<p class="muted">Errors are <code>application/problem+json</code> with a stable <code>code</code>, a <code>requestId</code> and per-field <code>errors</code>. Lists take <code>cursor</code> and <code>limit</code> and return <code>nextCursor</code>.</p>
{{range .Tags}}<h2 id="{{.Name}}">{{.Name}}</h2>{{range .Ops}}
<section class="op" id="{{.ID}}"><h3><span class="m {{.Method}}">{{.Method}}</span><code>{{.Path}}</code> {{.Summary}}{{if .Public}} <span class="tag">no sign-in</span>{{end}}</h3>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}} *{{end}}</td><td>{{.In}}</td><td class="muted">{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<p>Body: <a href="#schema-{{.Body}}"><code>{{.Body}}</code></a></p>{{end}}
<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>{{range .Responses}}<tr><td>{{.Status}}</td><td>{{.Description}}</td><td>{{if .Schema}}<a href="#schema-{{.Schema}}"><code>{{.Schema}}</code></a>{{end}}</td></tr>{{end}}</table>
</section>{{end}}{{end}}
<h2 id="schemas">Schemas</h2>{{range .Schemas}}<section class="op" id="schema-{{.Name}}"><h3><code>{{.Name}}</code></h3>
{{if .Fields}}<table>{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td class="muted">{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}</section>{{end}}
</main></body></html>`))
