package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// A Spec is one conformance spec as one role ran it in the coverage run.
type Spec struct {
	Role string `json:"role"`
	Text string `json:"text"` // Ginkgo's full text: what v6ct run --specs selects
	MS   int64  `json:"ms"`   // its run time in the coverage run
}

// block is one basic block of a coverage profile: from line.col to
// line.col of one file, and the specs whose run executed it.
type block struct {
	sl, sc, el, ec int
	specs          []int
}

// Coverage maps the reference node's code to the specs that run it.
type Coverage struct {
	Specs  []Spec
	blocks map[string][]*block // file from the repository root -> its blocks
	index  map[string]*block   // file:sl.sc,el.ec -> the block
}

func newCoverage() *Coverage {
	return &Coverage{blocks: map[string][]*block{}, index: map[string]*block{}}
}

// addProfile adds one spec's profile (go tool covdata textfmt): every
// block it executed at least once is covered by that spec. module is the
// module path that prefixes the profile's file names.
func (c *Coverage) addProfile(spec Spec, module string, r io.Reader) error {
	id := len(c.Specs)
	c.Specs = append(c.Specs, spec)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "mode:") {
			continue
		}
		file, b, count, err := parseProfileLine(line)
		if err != nil {
			return err
		}
		if count == 0 {
			continue
		}
		file = strings.TrimPrefix(file, module+"/")
		k := fmt.Sprintf("%s:%d.%d,%d.%d", file, b.sl, b.sc, b.el, b.ec)
		have := c.index[k]
		if have == nil {
			have = &block{sl: b.sl, sc: b.sc, el: b.el, ec: b.ec}
			c.index[k] = have
			c.blocks[file] = append(c.blocks[file], have)
		}
		if n := len(have.specs); n == 0 || have.specs[n-1] != id {
			have.specs = append(have.specs, id)
		}
	}
	return sc.Err()
}

// parseProfileLine reads "file:sl.sc,el.ec stmts count".
func parseProfileLine(line string) (string, block, int, error) {
	var b block
	bad := fmt.Errorf("bad coverage line %q", line)
	colon := strings.LastIndexByte(line, ':')
	if colon < 0 {
		return "", b, 0, bad
	}
	file, rest := line[:colon], line[colon+1:]
	f := strings.Fields(rest)
	if len(f) != 3 {
		return "", b, 0, bad
	}
	if _, err := fmt.Sscanf(f[0], "%d.%d,%d.%d", &b.sl, &b.sc, &b.el, &b.ec); err != nil {
		return "", b, 0, bad
	}
	count, err := strconv.Atoi(f[2])
	if err != nil {
		return "", b, 0, bad
	}
	return file, b, count, nil
}

// Covering returns the specs (indexes into c.Specs) that executed the code
// at file:line.col: the union over the blocks that hold that position.
func (c *Coverage) Covering(file string, line, col int) []int {
	seen := map[int]bool{}
	var out []int
	for _, b := range c.blocks[file] {
		if before(line, col, b.sl, b.sc) || before(b.el, b.ec, line, col) {
			continue
		}
		for _, s := range b.specs {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Ints(out)
	return out
}

func before(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 < c2 }

// readCoverageDir reads the per-spec folders that a coverage build of v6ct
// wrote (runner.CoverDirEnv) for one role. Only specs that passed count: a
// spec that does not pass against the correct node cannot tell a mutant.
func (c *Coverage) readCoverageDir(dir, role, module, covdata string, jobs int) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type item struct {
		spec Spec
		prof string
		err  error
	}
	items := make([]*item, 0, len(ents))
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		d := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(filepath.Join(d, "spec.txt"))
		if err != nil {
			continue
		}
		head, text, _ := strings.Cut(strings.TrimRight(string(b), "\n"), "\n")
		var verdict string
		var ms int64
		fmt.Sscanf(head, "%s %d", &verdict, &ms)
		if verdict != "PASS" {
			continue
		}
		items = append(items, &item{spec: Spec{Role: role, Text: text, MS: ms}, prof: d})
	}
	var wg sync.WaitGroup
	work := make(chan *item)
	for range max(jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				out := filepath.Join(it.prof, "cover.txt")
				if _, err := os.Stat(out); err != nil {
					cmd := exec.Command(covdata, "textfmt", "-i="+it.prof, "-o="+out)
					if b, err := cmd.CombinedOutput(); err != nil {
						it.err = fmt.Errorf("covdata %s: %v: %s", it.prof, err, b)
						continue
					}
				}
				it.prof = out
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	for _, it := range items {
		if it.err != nil {
			return it.err
		}
		f, err := os.Open(it.prof)
		if err != nil {
			return err
		}
		err = c.addProfile(it.spec, module, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
