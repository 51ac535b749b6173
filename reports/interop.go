package reports

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/v6ct/v6ct/results"
)

// The interop report: the matrix of scenarios and arrangements, and a page
// per cell with its nodes, its steps, a ladder with one lane per node and
// every frame decoded.

type interopIndex struct {
	Run       *results.InteropRun
	Counts    []count
	Scenarios []interopRow
}

type interopRow struct {
	ID, Title, RFC string
	Cells          []interopBadge
}

type interopBadge struct {
	Label, Verdict, Class, Page, Reason string
}

type interopPage struct {
	Cell  *results.InteropCell
	Class string
	Lanes []string
	Rows  []interopLadderRow
}

type interopLadderRow struct {
	N       int
	At      string
	Link    int
	Marks   []string // per lane: "send", "recv" or ""
	From    string
	Summary string
	Layers  []decodedLayer
	Problem string
	Hex     string
}

var interopPages = template.Must(template.New("").Funcs(template.FuncMap{"rfcLinks": rfcLinks}).Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.}}</title>
<link rel="stylesheet" href="{{"report.css"}}"><style>
.badges{display:flex;flex-wrap:wrap;gap:.35em}.badge{display:inline-block;padding:.15em .55em;border-radius:4px;color:#fff;text-decoration:none;font-size:12.5px}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.warn{background:var(--warn)}.badge.na{background:var(--na)}.badge.error{background:var(--error)}.badge.other{background:var(--other)}
td.send{color:var(--nut);font-weight:700;text-align:center}td.recv{color:var(--tn);text-align:center}td.lane{text-align:center;color:#ccd}
details summary{cursor:pointer}
</style></head><body><header class="top"><div class="wrap"><span class="brand">v6ct<small>interop</small></span><nav><a href="{{"index.html"}}">matrix</a></nav></div></header><main class="wrap">{{end}}
{{define "index"}}{{template "head" "v6ct interop"}}
<h1>Interop run of {{.Run.Started.Format "2006-01-02 15:04:05 UTC"}}</h1>
<div class="card"><table class="meta"><tr><th>implementations</th><td>{{range $i, $x := .Run.Impls}}{{if $i}}, {{end}}{{$x}}{{end}}</td></tr>
{{if .Run.DUT}}<tr><th>device under test</th><td>{{.Run.DUT}}</td></tr>{{end}}
<tr><th>cells</th><td>{{range .Counts}}<span class="badge {{.Class}}">{{.N}} {{.Verdict}}</span> {{end}}</td></tr></table></div>
<div class="card"><h2>Matrix</h2><table><thead><tr><th>scenario</th><th>rules</th><th>arrangements (roles in the scenario's order)</th></tr></thead><tbody>
{{range .Scenarios}}<tr><td><b>{{.ID}}</b><br>{{.Title}}</td><td>{{rfcLinks .RFC}}</td><td><div class="badges">{{range .Cells}}<a class="badge {{.Class}}" href="{{.Page}}" title="{{.Verdict}}{{if .Reason}}: {{.Reason}}{{end}}">{{.Label}}</a>{{end}}</div></td></tr>{{end}}
</tbody></table></div></main></body></html>{{end}}
{{define "cell"}}{{template "head" .Cell.Scenario}}
<h1>{{.Cell.Title}}</h1>
<div class="card"><table class="meta"><tr><th>scenario</th><td>{{.Cell.Scenario}}</td></tr><tr><th>rules</th><td>{{rfcLinks .Cell.RFC}}</td></tr>
<tr><th>arrangement</th><td>{{.Cell.Arrangement}}</td></tr>
<tr><th>verdict</th><td><span class="badge {{.Class}}">{{.Cell.Verdict}}</span> {{.Cell.Reason}}</td></tr>
<tr><th>captures</th><td>{{range .Cell.Pcaps}}<a href="{{.}}">{{.}}</a> {{end}}</td></tr></table></div>
<div class="card"><h2>Nodes</h2><table><thead><tr><th>role</th><th>implementation</th><th>links</th><th>link-local</th><th>global</th></tr></thead><tbody>
{{range .Cell.Nodes}}<tr><td>{{.Name}}{{if .Router}} (router){{end}}</td><td>{{.Impl}}</td><td>{{range .Links}}Link{{.}} {{end}}</td><td class="mono">{{range .LinkLocals}}{{.}}<br>{{end}}</td><td class="mono">{{range .Globals}}{{.}}<br>{{end}}</td></tr>{{end}}
</tbody></table></div>
<div class="card"><h2>Steps</h2><pre>{{range .Cell.Steps}}{{.}}
{{end}}</pre></div>
<div class="card"><h2>Packet ladder</h2><table><thead><tr><th>#</th><th>time</th><th>link</th>{{range .Lanes}}<th class="lane">{{.}}</th>{{end}}<th>frame</th></tr></thead><tbody>
{{range .Rows}}<tr id="f{{.N}}"><td class="num">{{.N}}</td><td class="num">{{.At}}</td><td>Link{{.Link}}</td>{{range .Marks}}<td class="{{if eq . "send"}}send{{else if eq . "recv"}}recv{{else}}lane{{end}}">{{if eq . "send"}}●→{{else if eq . "recv"}}→{{else}}·{{end}}</td>{{end}}
<td><details><summary class="mono">{{.Summary}}</summary>{{if .Problem}}<p>{{.Problem}}</p>{{end}}
{{range .Layers}}<h3>{{.Name}} ({{.Octets}} octets)</h3><table class="meta">{{range .Fields}}<tr><th style="padding-left:{{.Depth}}em">{{.Name}}</th><td class="mono">{{.Value}}</td></tr>{{end}}</table>{{end}}
<pre>{{.Hex}}</pre></details></td></tr>{{end}}
</tbody></table></div></main></body></html>{{end}}
`))

// rfcLinks is the rule text as it is: the sections are named in it.
func rfcLinks(s string) string { return s }

// InteropHTML writes the interop report of run into dir (the run's folder,
// where the captures are): index.html (the matrix) and a page per cell.
func InteropHTML(run *results.InteropRun, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeAssets(dir); err != nil {
		return err
	}
	idx := interopIndex{Run: run}
	byVerdict := map[string]int{}
	rows := map[string]*interopRow{}
	used := map[string]bool{}
	for i := range run.Cells {
		c := &run.Cells[i]
		byVerdict[c.Verdict]++
		r := rows[c.Scenario]
		if r == nil {
			idx.Scenarios = append(idx.Scenarios, interopRow{ID: c.Scenario, Title: c.Title, RFC: c.RFC})
			r = &idx.Scenarios[len(idx.Scenarios)-1]
			rows[c.Scenario] = r
			// The slice may have moved as it grew: point every row anew.
			for j := range idx.Scenarios {
				rows[idx.Scenarios[j].ID] = &idx.Scenarios[j]
			}
		}
		page := "cell-" + uniqueName(used, slug(c.Scenario+" "+c.Arrangement)) + ".html"
		r.Cells = append(r.Cells, interopBadge{Label: c.Impls(), Verdict: c.Verdict, Class: verdictClass(results.Verdict(c.Verdict)), Page: page, Reason: c.Reason})
		if err := writeInteropCell(filepath.Join(dir, page), c); err != nil {
			return err
		}
	}
	for _, v := range []string{"PASS", "FAIL", "WARN", "N/A", "ERROR"} {
		if byVerdict[v] > 0 {
			idx.Counts = append(idx.Counts, count{Verdict: results.Verdict(v), Class: verdictClass(results.Verdict(v)), N: byVerdict[v]})
		}
	}
	return renderWith(interopPages, filepath.Join(dir, "index.html"), "index", idx)
}

// writeInteropCell writes one cell's page.
func writeInteropCell(file string, c *results.InteropCell) error {
	p := interopPage{Cell: c, Class: verdictClass(results.Verdict(c.Verdict))}
	lane := map[string]int{}
	for _, n := range c.Nodes {
		lane[n.Name] = len(p.Lanes)
		p.Lanes = append(p.Lanes, fmt.Sprintf("%s (%s)", n.Name, n.Impl))
	}
	for i, f := range c.Frames {
		ls, short, problem := decodeFrame(f.Data)
		marks := make([]string, len(p.Lanes))
		for _, n := range c.Nodes {
			for _, l := range n.Links {
				if l == f.Link {
					marks[lane[n.Name]] = "recv"
				}
			}
		}
		if k, ok := lane[f.From]; ok {
			marks[k] = "send"
		}
		summary := short
		if i < len(c.Ladder) {
			summary = strings.TrimSpace(c.Ladder[i])
		}
		p.Rows = append(p.Rows, interopLadderRow{N: i + 1, At: seconds(f.At), Link: f.Link, Marks: marks, From: f.From,
			Summary: summary, Layers: ls, Problem: problem, Hex: hexDump(f.Data)})
	}
	return renderWith(interopPages, file, "cell", p)
}

// renderWith executes template name of set into file.
func renderWith(set *template.Template, file, name string, data any) error {
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("reports: %s: %w", name, err)
	}
	return os.WriteFile(file, []byte(b.String()), 0o644)
}
