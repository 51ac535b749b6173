package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"strconv"
	"strings"
)

// A Mutant is one small change to one source file: the bytes Start..End
// replaced by Repl.
type Mutant struct {
	Key  string `json:"key"`  // stable name: file:func:op:hash, for the equivalents list
	File string `json:"file"` // path from the repository root
	Pkg  string `json:"pkg"`  // its package folder
	Func string `json:"func"` // enclosing function (Recv.Name), or "" at file level
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Op   string `json:"op"`   // the operator that made it
	Desc string `json:"desc"` // what changed: `old` -> `new`

	Start, End int    `json:"-"`
	Repl       string `json:"-"`
	// CovLine and CovCol are where coverage is read for it: its own
	// position, or for a case expression (which no coverage block holds)
	// the switch statement's.
	CovLine, CovCol int `json:"-"`
}

// Apply returns src with the mutant's change made.
func (m Mutant) Apply(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(m.Repl))
	out = append(out, src[:m.Start]...)
	out = append(out, m.Repl...)
	return append(out, src[m.End:]...)
}

// Operators, by name.
const (
	opBoundary  = "cmp-boundary"    // < <=, > >= swapped
	opNegateCmp = "cmp-negate"      // == !=, < >=, <= >
	opConstInc  = "const+1"         // an integer literal in a comparison or arithmetic, plus one
	opConstDec  = "const-1"         // ... minus one
	opSwapLogic = "logic-swap"      // && ||
	opKeepLeft  = "cond-keep-left"  // a && b -> a (one condition of several forgotten)
	opKeepRight = "cond-keep-right" // a && b -> b
	opNegateIf  = "if-negate"       // if c -> if !(c): the branches swapped
	opRemoveIf  = "if-remove"       // if c {...} (no else) never taken
	opRemoveSt  = "stmt-remove"     // a call, an assignment or an increment removed
)

// quietCalls are calls whose removal changes nothing a spec can see:
// counters and logging.
var quietCalls = map[string]bool{"count": true, "Count": true, "counter": true, "logf": true, "Logf": true, "Printf": true, "Println": true}

// Generate returns the mutants of one Go file. path is the file's path from
// the repository root (it names the mutants), pkg its package folder.
func Generate(path, pkg string, src []byte) ([]Mutant, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	g := &gen{fset: fset, src: src, path: path, pkg: pkg, seen: map[string]int{}}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		g.fn = funcName(fd)
		g.stmts(fd.Body.List)
	}
	return g.out, nil
}

type gen struct {
	fset *token.FileSet
	src  []byte
	path string
	pkg  string
	fn   string
	seen map[string]int
	out  []Mutant
	// covAt, when valid, stands for the position of the mutants made now
	// in the coverage profile.
	covAt token.Pos
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

func (g *gen) text(n ast.Node) string {
	return string(g.src[g.fset.Position(n.Pos()).Offset:g.fset.Position(n.End()).Offset])
}

func (g *gen) off(p token.Pos) int { return g.fset.Position(p).Offset }

// add records a mutant replacing [start,end) with repl; at is the position
// that names it (file:line) and decides which specs cover it; ctx is the
// code shown before and after.
func (g *gen) add(op string, at token.Pos, start, end int, repl string, ctx ast.Node) {
	cs, ce := g.off(ctx.Pos()), g.off(ctx.End())
	if start < cs || end > ce {
		cs, ce = start, end
	}
	before := string(g.src[cs:ce])
	after := string(g.src[cs:start]) + repl + string(g.src[end:ce])
	p := g.fset.Position(at)
	cp := p
	if g.covAt.IsValid() {
		cp = g.fset.Position(g.covAt)
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", op, before, after)
	base := fmt.Sprintf("%s:%s:%s:%08x", g.path, g.fn, op, h.Sum32())
	g.seen[base]++
	key := base
	if n := g.seen[base]; n > 1 {
		key = fmt.Sprintf("%s.%d", base, n)
	}
	desc := fmt.Sprintf("`%s` -> `%s`", oneLine(before), oneLine(after))
	if repl == "" && op == opRemoveSt {
		desc = fmt.Sprintf("`%s` removed", oneLine(before))
	}
	g.out = append(g.out, Mutant{Key: key, File: g.path, Pkg: g.pkg, Func: g.fn, Line: p.Line, Col: p.Column, Op: op,
		Desc: desc, Start: start, End: end, Repl: repl, CovLine: cp.Line, CovCol: cp.Column})
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

// isFaultCheck reports whether e is a named fault's test, X.Has(faults.F),
// or a test of the node's fault set whatever fault it names, X.faults.Has(F)
// (a table's row names the fault that weakens its rule): those branches
// are the deliberate deviations, not the node's real paths.
func isFaultCheck(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Has" {
		return false
	}
	if set, ok := sel.X.(*ast.SelectorExpr); ok && set.Sel.Name == "faults" {
		return true
	}
	for _, a := range c.Args {
		if s, ok := a.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok && id.Name == "faults" {
				return true
			}
		}
	}
	return false
}

// constWithoutFaults reports the value e surely has on a node started
// with no fault (ok false: it depends on more than the faults). A fault
// check is false there, its negation true.
func constWithoutFaults(e ast.Expr) (val, ok bool) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return constWithoutFaults(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			v, ok := constWithoutFaults(x.X)
			return !v, ok
		}
	case *ast.BinaryExpr:
		if x.Op != token.LAND && x.Op != token.LOR {
			break
		}
		a, aok := constWithoutFaults(x.X)
		b, bok := constWithoutFaults(x.Y)
		decisive := x.Op == token.LOR // true decides ||, false decides &&
		if aok && a == decisive || bok && b == decisive {
			return decisive, true
		}
		if aok && bok {
			return a, true // both neutral
		}
		return false, false
	}
	return false, isFaultCheck(e)
}

// falseWithoutFaults reports whether e is surely false on a node started
// with no fault: such a branch is only a fault's.
func falseWithoutFaults(e ast.Expr) bool {
	v, ok := constWithoutFaults(e)
	return ok && !v
}

func (g *gen) stmts(list []ast.Stmt) {
	for _, s := range list {
		g.stmt(s)
	}
}

func (g *gen) stmt(s ast.Stmt) {
	switch x := s.(type) {
	case *ast.IfStmt:
		g.ifStmt(x)
	case *ast.BlockStmt:
		g.stmts(x.List)
	case *ast.ForStmt:
		if x.Init != nil {
			g.stmt(x.Init)
		}
		if x.Cond != nil {
			g.expr(x.Cond)
		}
		g.stmts(x.Body.List)
	case *ast.RangeStmt:
		g.expr(x.X)
		g.stmts(x.Body.List)
	case *ast.SwitchStmt:
		if x.Init != nil {
			g.stmt(x.Init)
		}
		if x.Tag != nil {
			g.expr(x.Tag)
		}
		for _, c := range x.Body.List {
			cc := c.(*ast.CaseClause)
			skip := false
			for _, e := range cc.List {
				if x.Tag == nil && falseWithoutFaults(e) {
					skip = true
				}
			}
			if skip && len(cc.List) == 1 {
				continue // a fault's case
			}
			g.covAt = x.Switch // case expressions are in no coverage block
			for _, e := range cc.List {
				g.expr(e)
			}
			g.covAt = token.NoPos
			g.stmts(cc.Body)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range x.Body.List {
			g.stmts(c.(*ast.CaseClause).Body)
		}
	case *ast.SelectStmt:
		for _, c := range x.Body.List {
			g.stmts(c.(*ast.CommClause).Body)
		}
	case *ast.LabeledStmt:
		g.stmt(x.Stmt)
	case *ast.ReturnStmt:
		for _, e := range x.Results {
			g.expr(e)
		}
	case *ast.AssignStmt:
		for _, e := range x.Rhs {
			g.expr(e)
		}
		if x.Tok != token.DEFINE && !blankOnly(x.Lhs) {
			g.remove(s)
		}
	case *ast.IncDecStmt:
		g.remove(s)
	case *ast.ExprStmt:
		g.expr(x.X)
		if c, ok := x.X.(*ast.CallExpr); ok && !quiet(c) {
			g.remove(s)
		}
	case *ast.DeclStmt:
		ast.Inspect(x, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for _, e := range vs.Values {
					g.expr(e)
				}
				return false
			}
			return true
		})
	case *ast.DeferStmt, *ast.GoStmt:
		// left alone: their calls are cleanup and goroutines
	}
}

func blankOnly(lhs []ast.Expr) bool {
	for _, e := range lhs {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

func quiet(c *ast.CallExpr) bool {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return quietCalls[f.Name] || f.Name == "panic"
	case *ast.SelectorExpr:
		return quietCalls[f.Sel.Name]
	}
	return false
}

func (g *gen) remove(s ast.Stmt) {
	g.add(opRemoveSt, s.Pos(), g.off(s.Pos()), g.off(s.End()), "", s)
}

func (g *gen) ifStmt(x *ast.IfStmt) {
	if x.Init != nil {
		g.stmt(x.Init)
	}
	if falseWithoutFaults(x.Cond) {
		// A fault's branch: only its else is a real path.
		if x.Else != nil {
			g.stmt(x.Else)
		}
		return
	}
	cs, ce := g.off(x.Cond.Pos()), g.off(x.Cond.End())
	cond := g.text(x.Cond)
	g.add(opNegateIf, x.Cond.Pos(), cs, ce, "!("+cond+")", x.Cond)
	if x.Else == nil {
		g.add(opRemoveIf, x.Cond.Pos(), cs, ce, "false", x.Cond)
	}
	g.expr(x.Cond)
	g.stmts(x.Body.List)
	if x.Else != nil {
		g.stmt(x.Else)
	}
}

var negated = map[token.Token]token.Token{
	token.EQL: token.NEQ, token.NEQ: token.EQL,
	token.LSS: token.GEQ, token.GEQ: token.LSS,
	token.GTR: token.LEQ, token.LEQ: token.GTR,
}

var boundary = map[token.Token]token.Token{
	token.LSS: token.LEQ, token.LEQ: token.LSS,
	token.GTR: token.GEQ, token.GEQ: token.GTR,
}

var arith = map[token.Token]bool{token.ADD: true, token.SUB: true, token.MUL: true, token.QUO: true, token.REM: true, token.SHL: true, token.SHR: true}

// expr mutates the comparisons, logic and literals inside e (function
// literals included), leaving fault checks alone.
func (g *gen) expr(e ast.Expr) {
	switch x := e.(type) {
	case nil:
		return
	case *ast.FuncLit:
		g.stmts(x.Body.List)
		return
	case *ast.BinaryExpr:
		if _, ok := constWithoutFaults(x); ok {
			return
		}
		g.binary(x)
		g.expr(x.X)
		g.expr(x.Y)
		return
	}
	if _, ok := constWithoutFaults(e); ok {
		return // a fault's check, or built of them only
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if n == e {
			return true
		}
		switch c := n.(type) {
		case *ast.FuncLit, *ast.BinaryExpr:
			g.expr(c.(ast.Expr))
			return false
		}
		return true
	})
}

func (g *gen) binary(x *ast.BinaryExpr) {
	opStart := g.off(x.OpPos)
	opEnd := opStart + len(x.Op.String())
	rel := func(op string, to token.Token) {
		g.add(op, x.OpPos, opStart, opEnd, to.String(), x)
	}
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if b, ok := boundary[x.Op]; ok {
			rel(opBoundary, b)
		}
		rel(opNegateCmp, negated[x.Op])
		g.literal(x.X, x)
		g.literal(x.Y, x)
	case token.LAND, token.LOR:
		to := token.LOR
		if x.Op == token.LOR {
			to = token.LAND
		}
		rel(opSwapLogic, to)
		s, e := g.off(x.Pos()), g.off(x.End())
		// Dropping an operand that is neutral on a node without faults (a
		// fault's check: false in ||, its negation: true in &&) changes
		// nothing.
		neutral := func(o ast.Expr) bool {
			v, ok := constWithoutFaults(o)
			return ok && v == (x.Op == token.LAND)
		}
		if !neutral(x.Y) {
			g.add(opKeepLeft, x.Pos(), s, e, g.text(x.X), x)
		}
		if !neutral(x.X) {
			g.add(opKeepRight, x.Pos(), s, e, g.text(x.Y), x)
		}
	default:
		if arith[x.Op] {
			g.literal(x.X, x)
			g.literal(x.Y, x)
		}
	}
}

// literal adds the ±1 mutants of an integer literal.
func (g *gen) literal(e ast.Expr, ctx ast.Node) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(lit.Value, "_", ""), 0, 64)
	if err != nil {
		return
	}
	format := func(n int64) string {
		if strings.HasPrefix(lit.Value, "0x") || strings.HasPrefix(lit.Value, "0X") {
			return fmt.Sprintf("0x%x", n)
		}
		return strconv.FormatInt(n, 10)
	}
	s, end := g.off(lit.Pos()), g.off(lit.End())
	g.add(opConstInc, lit.Pos(), s, end, format(v+1), ctx)
	if v > 0 {
		g.add(opConstDec, lit.Pos(), s, end, format(v-1), ctx)
	}
}
