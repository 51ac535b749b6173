package suites

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
)

// Config is how a run uses this package: the target, the output folder for
// captures, and whether this is a fault-proof run.
type Config struct {
	Target Target
	// OutDir receives one pcapng per spec (under pcap/); empty: none.
	OutDir string
	// Prove starts the reference node with each spec's own fault (its
	// fault: label), so that the spec is expected to FAIL.
	Prove bool
	// Log gets one line per notable tester event; nil: none.
	Log func(format string, args ...any)
	// Plan decides each spec's applicability and stops there: a spec the
	// target can serve is skipped with PlanRuns and the actions it will
	// use; the target is never opened (v6ct plan).
	Plan bool
}

// PlanPrefix starts the skip message by which a spec tells a plan what it
// needs and whether it would run (PlanVerdict, as JSON).
const PlanPrefix = "v6ct plan: "

// PlanVerdict is what a plan learns of one spec from its setup.
type PlanVerdict struct {
	Runs bool `json:"runs"`
	// Reason is why the spec would be N/A on the target.
	Reason string `json:"reason,omitempty"`
	// Capabilities and Actions are everything the spec's setup needs of
	// a device, met or not; Uses are the actions a run would take.
	Capabilities []string `json:"capabilities,omitempty"`
	Actions      []string `json:"actions,omitempty"`
	Uses         []string `json:"uses,omitempty"`
}

// planSkip ends a spec in a plan with what it needs.
func planSkip(t Target, setup SpecSetup, why string) {
	GinkgoHelper()
	v := PlanVerdict{Runs: why == "", Reason: why}
	seen := map[string]bool{}
	if setup.Links > 1 {
		seen["c"+CapMultipleInterfaces] = true
		v.Capabilities = append(v.Capabilities, CapMultipleInterfaces)
	}
	for _, c := range setup.Capabilities {
		if !seen["c"+c] {
			seen["c"+c] = true
			v.Capabilities = append(v.Capabilities, c)
		}
	}
	act := func(a ActionName, cond bool) {
		if cond && !seen["a"+string(a)] {
			seen["a"+string(a)] = true
			v.Actions = append(v.Actions, string(a))
		}
	}
	act(ActRestartLink, setup.Boot)
	act(ActSetAddress, len(setup.Addresses) > 0)
	act(ActAddRoute, len(setup.Routes) > 0)
	act(ActAddTunnel, len(setup.Tunnels) > 0)
	act(ActStartRA, setup.Advertises && t.Role() == "router")
	for _, a := range setup.Actions {
		act(a, true)
	}
	if v.Runs {
		if p, ok := t.(interface{ Profile() *Profile }); ok && p.Profile().ResetBeforeEachSpec && p.Profile().Actions[ActReset] != nil {
			v.Uses = append(v.Uses, string(ActReset))
		}
		v.Uses = append(v.Uses, v.Actions...)
	}
	b, _ := json.Marshal(v)
	Skip(PlanPrefix + string(b))
}

var (
	cfg      Config
	openOnce sync.Once
	openErr  error
)

// Configure sets the run's configuration; call it before running specs.
func Configure(c Config) { cfg = c; openOnce = sync.Once{}; openErr = nil }

// Shutdown removes the target's topology.
func Shutdown() error {
	if cfg.Target == nil {
		return nil
	}
	var err error
	openOnce.Do(func() {}) // nothing was opened if no spec ran
	if openErr == nil {
		err = cfg.Target.Close()
	}
	return err
}

// Env is one spec's world: its links, with the tester nodes on them.
type Env struct {
	Link0, Link1 *Link
	Links        []*Link
	NUT          NUTInfo

	sess    *Session
	sending bool      // a run of sends is under way (see markAll)
	start   time.Time // on the target's clock
	wall    time.Time
	echoSeq uint16
	receipt uint16
	settle  settleState // settle.go

	mu       sync.Mutex
	evidence *Evidence
}

// Evidence is what a spec leaves behind for the report.
type Evidence struct {
	Steps       []results.Step
	Frames      []results.Frame
	Pcap        string
	TesterError string
	// Interfaces are the ends of the spec's links (NUT and tester nodes).
	Interfaces []results.Interface
	captured   []*Captured
	stepWall   []time.Time
	stepFrame  []*Captured // per step: the frame it sent, matched or caught
}

// Option changes how Start prepares the node.
type Option func(*SpecSetup)

// Links asks for n links (Link0 .. Link(n-1)).
func Links(n int) Option { return func(s *SpecSetup) { s.Links = n } }

// Route gives the node a static route for prefix via next hop on link
// (0 for Link0). A target that cannot be configured makes the spec N/A.
func Route(prefix netip.Prefix, link int, nextHop netip.Addr) Option {
	return func(s *SpecSetup) {
		s.Routes = append(s.Routes, StaticRoute{Prefix: prefix, Link: link, NextHop: nextHop})
	}
}

// AtBoot makes the links capture before the node starts, for specs that
// watch what a node does when it comes up.
func AtBoot() Option { return func(s *SpecSetup) { s.Boot = true } }

// Start gives the spec a fresh node under test, ready to talk (its
// addresses configured), and the links to it. Call it in BeforeEach.
func Start(opts ...Option) *Env {
	GinkgoHelper()
	report := CurrentSpecReport()
	setup := SpecSetup{Name: report.FullText(), Links: 1}
	for _, o := range opts {
		o(&setup)
	}
	if cfg.Target == nil {
		TesterError(errors.New("no target configured"))
	}
	labels := report.Labels()
	if role := LabelValue(labels, "role"); role != "" && role != "any" && role != cfg.Target.Role() {
		Skip(fmt.Sprintf("applies to %ss only; the target is a %s", role, cfg.Target.Role()))
	}
	if cfg.Prove {
		f := LabelValue(labels, "fault")
		if f == "" {
			TesterError(errors.New("this spec names no fault that proves it (fault: label)"))
		}
		setup.Faults = []string{f}
	}
	// Device certification (alive.go, actions.go): a spec the target cannot
	// serve is N/A; after the spec, an external device must still answer.
	if cfg.Plan {
		why := notApplicable(cfg.Target, setup)
		if why == "" && setup.GivesUpAddress {
			if c, ok := cfg.Target.(Controller); ok && !c.Has(ActReset) && !c.Has(ActReboot) {
				if _, alive := cfg.Target.(AliveChecker); alive {
					why = fmt.Sprintf("makes the node give up its address, and %s has neither a reset nor a reboot action to give it back", cfg.Target.Name())
				}
			}
		}
		planSkip(cfg.Target, setup, why)
	}
	if why := notApplicable(cfg.Target, setup); why != "" {
		Skip(why)
	}
	if setup.GivesUpAddress {
		if c, ok := cfg.Target.(Controller); ok {
			if _, alive := cfg.Target.(AliveChecker); alive && !c.Has(ActReset) && !c.Has(ActReboot) {
				Skip(fmt.Sprintf("makes the node give up its address, and %s has neither a reset nor a reboot action to give it back", cfg.Target.Name()))
			}
		}
	}
	specSetup, specMissed = setup, false
	deferCleanup(deviceCheck, false)
	openOnce.Do(func() { openErr = cfg.Target.Open() })
	if openErr != nil {
		TesterError(fmt.Errorf("building the %s topology: %w", cfg.Target.Name(), openErr))
	}
	sess, err := cfg.Target.Begin(setup)
	if errors.Is(err, ErrNoAction) {
		Skip(err.Error())
	}
	if err != nil {
		TesterError(fmt.Errorf("preparing the node under test: %w", err))
	}
	e := &Env{sess: sess, NUT: sess.NUT, evidence: &Evidence{}}
	e.resetClock()
	for i, p := range sess.Ports {
		e.Links = append(e.Links, newLink(e, i, p, sess.NUT))
	}
	if setup.SameLink && len(e.Links) > 1 { // samelink.go
		e.Links[0].peer, e.Links[1].peer = e.Links[1], e.Links[0]
	}
	for _, l := range e.Links {
		go l.capture()
	}
	e.Link0 = e.Links[0]
	if len(e.Links) > 1 {
		e.Link1 = e.Links[1]
	}
	deferCleanup(e.finish, true)
	if err := sess.Start(); err != nil {
		e.addSessionNotes() // what was done before it failed
		TesterError(fmt.Errorf("starting the node under test: %w", err))
	}
	if !setup.Boot {
		if err := sess.Ready(e.Wait); err != nil {
			TesterError(err)
		}
		e.Settle()
		// What the node did while coming up is not part of this spec.
		e.mu.Lock()
		e.evidence = &Evidence{}
		e.mu.Unlock()
		for _, l := range e.Links {
			l.forget()
		}
		e.resetClock()
	}
	e.addSessionNotes()
	return e
}

func (e *Env) resetClock() {
	e.start, e.wall = e.now(), time.Now()
}

func (e *Env) now() time.Time {
	if e.sess.Manual != nil {
		return e.sess.Manual.Now()
	}
	return time.Now()
}

func (e *Env) elapsed() time.Duration { return e.now().Sub(e.start) }

// Settle returns once the node has processed everything sent to it and the
// tester has captured everything it sent back. On a target without a barrier
// it returns at once.
func (e *Env) Settle() {
	if !e.sess.Barrier {
		return
	}
	for round := 0; round < 16; round++ {
		var before int64
		for _, l := range e.Links {
			before += l.autoSent.Load()
		}
		e.barriers() // settle.go
		var after int64
		for _, l := range e.Links {
			after += l.autoSent.Load()
		}
		if after == before {
			return
		}
	}
}

// Wait lets d pass on the target's clock. On a manual clock every timer due
// on the way fires at its own deadline, with the node settled after each,
// so frames carry the times the node sent them at.
func (e *Env) Wait(d time.Duration) {
	e.runUntil(e.now().Add(d), nil)
}

// runUntil advances to end, or until done reports true.
func (e *Env) runUntil(end time.Time, done func() bool) bool {
	m := e.sess.Manual
	if m == nil {
		return e.runUntilReal(end, done)
	}
	e.Settle()
	for {
		if done != nil && done() {
			return true
		}
		next, ok := m.Next()
		if !ok || next.After(end) {
			break
		}
		m.AdvanceTo(next)
		e.Settle()
	}
	m.AdvanceTo(end)
	e.Settle()
	return done != nil && done()
}

// runUntilReal is runUntil in real time. Each link's change channel is
// taken before done looks at the frames, so a frame that arrives while done
// runs closes a channel the wait below already holds: no frame can arrive
// unseen until the window ends.
func (e *Env) runUntilReal(end time.Time, done func() bool) bool {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		changes := make([]<-chan struct{}, len(e.Links))
		for i, l := range e.Links {
			changes[i] = l.changes()
		}
		if done != nil && done() {
			return true
		}
		left := time.Until(end)
		if left <= 0 {
			return false
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(left)
		waitAny(changes, timer.C)
	}
}

// waitAny returns when any of chans is closed or timeout fires.
func waitAny(chans []<-chan struct{}, timeout <-chan time.Time) {
	if len(chans) == 1 {
		select {
		case <-chans[0]:
		case <-timeout:
		}
		return
	}
	wake := make(chan struct{}, 1) // one pending wake-up is enough; never blocks a sender
	stop := make(chan struct{})
	defer close(stop)
	for _, ch := range chans {
		go func() {
			select {
			case <-ch:
				select {
				case wake <- struct{}{}:
				default:
				}
			case <-stop:
			}
		}()
	}
	select {
	case <-wake:
	case <-timeout:
	}
}

// markAll moves every link's cursor to now when a run of sends begins:
// expectations look only at frames that come after it. Sends in a row
// share one starting point, so that what the node answers to the first of
// them before the last goes out still counts.
func (e *Env) markAll() {
	if e.sending {
		return
	}
	e.sending = true
	for _, l := range e.Links {
		l.mark()
	}
}

// judged ends a run of sends: the next send starts a new one.
func (e *Env) judged() { e.sending = false }

func (e *Env) step(kind, text string, ok *bool) { e.stepAbout(kind, text, ok, "", nil, "") }

// stepAbout records a step with the link, the frame (sent, matched or
// caught) and the expected frame's description it is about, for the report.
func (e *Env) stepAbout(kind, text string, ok *bool, link string, c *Captured, want string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evidence.Steps = append(e.evidence.Steps, results.Step{At: e.elapsed(), Kind: kind, Text: text, OK: ok, Link: link, Want: want})
	e.evidence.stepWall = append(e.evidence.stepWall, time.Now())
	e.evidence.stepFrame = append(e.evidence.stepFrame, c)
}

func (e *Env) addFrame(c *Captured) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evidence.captured = append(e.evidence.captured, c)
}

// Note adds a line to the spec's steps (a fact the tester learnt).
func (e *Env) Note(format string, args ...any) { e.step("note", fmt.Sprintf(format, args...), nil) }

// TesterError ends the spec as ERROR: the tester could not run it, which
// says nothing of the node.
func TesterError(err error) {
	GinkgoHelper()
	Fail(testerErrorPrefix + err.Error())
}

const testerErrorPrefix = "tester error: "

// IsTesterError tells a tester error's failure message from a verdict.
func IsTesterError(msg string) bool { return strings.HasPrefix(msg, testerErrorPrefix) }

// finish stops the node and files the evidence.
func (e *Env) finish() {
	for _, l := range e.Links {
		l.port.Close() // ends capture
	}
	for _, l := range e.Links {
		<-l.done
	}
	endErr := e.sess.End()
	e.mu.Lock()
	ev := e.evidence
	e.mu.Unlock()
	for _, c := range ev.captured {
		dir := "from-nut"
		if c.ToNUT {
			dir = "to-nut"
		}
		node := ""
		if c.Node != nil {
			node = c.Node.Name
		}
		ev.Frames = append(ev.Frames, results.Frame{At: c.At, Link: c.Link.Name, Dir: dir, Node: node, Summary: c.Summary(), Hex: fmt.Sprintf("%x", c.Raw)})
	}
	ev.fileReportRefs(e)
	if cfg.OutDir != "" {
		rel := filepath.Join("pcap", SpecID(CurrentSpecReport())+".pcapng")
		if err := results.WritePcapng(filepath.Join(cfg.OutDir, rel), e.capture(ev.captured)); err != nil {
			ev.Steps = append(ev.Steps, results.Step{Kind: "note", Text: "could not write the capture: " + err.Error()})
		} else {
			ev.Pcap = rel
		}
	}
	AddReportEntry(EvidenceEntry, ev, types.ReportEntryVisibilityNever)
	if endErr != nil {
		fmt.Fprintf(os.Stderr, "v6ct: stopping the node under test: %v\n", endErr)
	}
}

// capture is the spec's pcapng as the tester writes it when the spec ends:
// one interface per link, each frame commented with its direction (the
// report writes it again with the verdict and the steps).
func (e *Env) capture(frames []*Captured) results.Capture {
	c := results.Capture{Start: e.wall}
	for _, l := range e.Links {
		c.Links = append(c.Links, l.Name)
	}
	for _, f := range frames {
		comment := f.Link.Name + ": NUT -> tester"
		if f.ToNUT {
			comment = f.Link.Name + ": tester -> NUT"
		}
		c.Frames = append(c.Frames, results.CaptureFrame{At: f.At, Link: f.Link.Name, Data: f.Raw, Comments: []string{comment}})
	}
	return c
}

// EvidenceEntry names the report entry that carries a spec's Evidence.
const EvidenceEntry = "v6ct-evidence"

// StepWalls gives the wall-clock time of each step, for merging with
// Ginkgo's own By events.
func (ev *Evidence) StepWalls() []time.Time { return ev.stepWall }

// FrameWalls gives the wall-clock time of each frame, in Frames order, for
// placing frames among Ginkgo's By steps.
func (ev *Evidence) FrameWalls() []time.Time {
	w := make([]time.Time, len(ev.captured))
	for i, c := range ev.captured {
		w[i] = c.Wall
	}
	return w
}

// fileReportRefs turns each step's frame into an index in Frames and lists
// the ends of the links, for the report's packet ladder.
func (ev *Evidence) fileReportRefs(e *Env) {
	index := map[*Captured]int{}
	for i, c := range ev.captured {
		index[c] = i
	}
	for i, c := range ev.stepFrame {
		if n, ok := index[c]; ok && c != nil && i < len(ev.Steps) {
			ev.Steps[i].Frame = &n
		}
	}
	for _, l := range e.Links {
		ev.Interfaces = append(ev.Interfaces, results.Interface{Link: l.Name, Node: "NUT", MAC: l.NUTMAC.String(),
			Addrs: []string{l.NUTLinkLocal.String(), l.NUTGlobal.String()}})
		for _, n := range l.nodes() {
			ev.Interfaces = append(ev.Interfaces, results.Interface{Link: l.Name, Node: n.Name, MAC: n.MAC.String(),
				Addrs: []string{n.LinkLocal.String(), n.Global.String()}})
		}
	}
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// SpecID names a spec in file names and reports: its folder, the start of
// its text, and a hash of the whole text, so that table entries sharing a
// long prefix stay apart.
func SpecID(r types.SpecReport) string {
	folder := filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName))
	full := r.FullText()
	s := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(full), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	h := fnv.New32a()
	h.Write([]byte(full))
	return fmt.Sprintf("%s-%s-%08x", folder, s, h.Sum32())
}

// LabelValue is the value of the last label with key ("fault" in
// "fault:no-dad"): an It's label refines its container's.
func LabelValue(labels []string, key string) string {
	v := ""
	for _, l := range labels {
		if x, ok := strings.CutPrefix(l, key+":"); ok {
			v = x
		}
	}
	return v
}

// IsRouter reports whether the node under test is a router: the R flag of
// its advertisements (RFC 4861 §7.2.4) depends on it.
func IsRouter() bool { return cfg.Target != nil && cfg.Target.Role() == "router" }
