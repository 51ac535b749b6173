package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
)

// fakeDevice is "an external device" made of the running kernel: a named
// network namespace of its own (the device), joined by a veth pair to
// another named namespace (the tester's side, where v6ct runs as it would
// on a lab machine). Both have unique names and are deleted when the test
// ends; nothing is sent outside them.
type fakeDevice struct {
	tester, device string // namespace names
	dir            string
}

const fakeMAC = "00:00:5e:00:53:30"
const fakeGlobal = "2001:db8:1::30"

func ipCmd(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func newFakeDevice(t *testing.T) *fakeDevice {
	t.Helper()
	needRoot(t)
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2")
	}
	b := make([]byte, 3)
	rand.Read(b)
	id := fmt.Sprintf("%d-%s", os.Getpid()%100000, hex.EncodeToString(b))
	d := &fakeDevice{tester: "v6ct-tn-" + id, device: "v6ct-dut-" + id, dir: t.TempDir()}
	for _, ns := range []string{d.tester, d.device} {
		ipCmd(t, "netns", "add", ns)
		t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	}
	// The tester's side stays silent: no kernel IPv6 on it.
	for _, k := range []string{"all", "default"} {
		ipCmd(t, "netns", "exec", d.tester, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/"+k+"/disable_ipv6")
	}
	ipCmd(t, "-n", d.tester, "link", "add", "tst0", "type", "veth", "peer", "name", "dev0", "netns", d.device)
	ipCmd(t, "-n", d.device, "link", "set", "dev0", "address", fakeMAC)
	ipCmd(t, "-n", d.device, "link", "set", "lo", "up")
	ipCmd(t, "-n", d.device, "link", "set", "dev0", "up")
	ipCmd(t, "-n", d.device, "-6", "addr", "add", fakeGlobal+"/64", "dev", "dev0", "nodad")
	ipCmd(t, "-n", d.tester, "link", "set", "tst0", "up")
	d.waitDAD(t)
	return d
}

// another is a second unit of the same device, cabled to the tester's
// namespace through the tester's interface tstK.
func (d *fakeDevice) another(t *testing.T, k int) *fakeDevice {
	t.Helper()
	u := &fakeDevice{tester: d.tester, device: fmt.Sprintf("%s-u%d", d.device, k), dir: d.dir}
	ipCmd(t, "netns", "add", u.device)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", u.device).Run() })
	tst := fmt.Sprintf("tst%d", k)
	ipCmd(t, "-n", d.tester, "link", "add", tst, "type", "veth", "peer", "name", "dev0", "netns", u.device)
	ipCmd(t, "-n", u.device, "link", "set", "dev0", "address", fakeMAC)
	ipCmd(t, "-n", u.device, "link", "set", "lo", "up")
	ipCmd(t, "-n", u.device, "link", "set", "dev0", "up")
	ipCmd(t, "-n", u.device, "-6", "addr", "add", fakeGlobal+"/64", "dev", "dev0", "nodad")
	ipCmd(t, "-n", d.tester, "link", "set", tst, "up")
	u.waitDAD(t)
	return u
}

// waitDAD waits until the device's link-local address is past DAD.
func (d *fakeDevice) waitDAD(t *testing.T) {
	t.Helper()
	for i := 0; i < 100; i++ {
		out, _ := exec.Command("ip", "-n", d.device, "-6", "addr", "show", "dev", "dev0", "tentative").Output()
		all, _ := exec.Command("ip", "-n", d.device, "-6", "addr", "show", "dev", "dev0", "scope", "link").Output()
		if len(bytes.TrimSpace(out)) == 0 && bytes.Contains(all, []byte("fe80::")) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the device's addresses stayed tentative")
}

// profile writes a profile for the device; extra is appended as is.
func (d *fakeDevice) profile(t *testing.T, name, body string) string {
	t.Helper()
	text := strings.ReplaceAll(body, "DUTNS", d.device)
	path := filepath.Join(d.dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A profile for the fake device whose actions are local commands.
const fakeProfile = `name: kernel-in-a-namespace
role: host
reset_before_each_spec: true
alive:
  method: echo
  timeout: 1s
links:
  - tester: tst0
    device: dev0
    mac: learn
    link_local: learn
    global: learn
actions:
  reset: >-
    ip -n DUTNS link set dev0 up &&
    ip -n DUTNS -6 addr replace 2001:db8:1::30/64 dev dev0 nodad &&
    ip -n DUTNS -6 neigh flush dev dev0 && ip -n DUTNS -6 route flush cache
  set-mtu: ip -n DUTNS link set {link} mtu {mtu}
  add-route: ip -n DUTNS -6 route replace {prefix} via {nexthop} dev {link} proto static
`

// v6ctIn runs this test binary as v6ct inside the tester's namespace.
func v6ctIn(t *testing.T, ns string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("ip", "netns", "exec", ns, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "V6CT_TEST_ARGS="+strings.Join(args, " "))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// echoSpecs is a short selection that passes on the Linux kernel, without
// the specs that wait minutes of real time.
const echoSpecs = "rfc:4443&&(section:4.2||section:2.4)&&role:any&&!slow"

// Specs run through a profile against the kernel in its namespace, as
// against any external device: addresses learnt on the wire, the reset
// action before each spec, its output in the spec's steps.
func TestProfileTargetRunsSpecs(t *testing.T) {
	d := newFakeDevice(t)
	prof := d.profile(t, "dut.yaml", fakeProfile)
	out := filepath.Join(d.dir, "out")
	code, text := v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", "rfc:4443&&section:4.2&&role:any", "--out", out)
	if code != 0 {
		t.Fatalf("v6ct run exited %d:\n%s", code, text)
	}
	res, err := results.Read(filepath.Join(out, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Target != "profile:kernel-in-a-namespace" || len(res.Specs) < 3 {
		t.Fatalf("target %q, %d specs", res.Target, len(res.Specs))
	}
	for _, s := range res.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
		}
		notes := 0
		for _, st := range s.Steps {
			if st.Kind == "note" && strings.Contains(st.Text, "action reset: $ ip -n "+d.device) {
				notes++
			}
		}
		if notes == 0 {
			t.Errorf("%s: the reset action is not in the steps", s.ID)
		}
	}
	found := false
	for _, in := range res.Interfaces {
		found = found || (in.Node == "NUT" && in.MAC == fakeMAC && len(in.Addrs) == 2 && in.Addrs[1] == fakeGlobal)
	}
	if !found {
		t.Errorf("the learnt addresses are not the device's: %+v", res.Interfaces)
	}
}

// Two units of one device share the specs (--profile twice): each spec
// runs once, on one unit, with that unit's reset action, and the merged
// results say which unit ran it.
func TestShardingAcrossUnits(t *testing.T) {
	d := newFakeDevice(t)
	u := d.another(t, 1)
	prof1 := d.profile(t, "unit1.yaml", fakeProfile)
	prof2 := u.profile(t, "unit2.yaml", strings.Replace(fakeProfile, "tester: tst0", "tester: tst1", 1))
	out := filepath.Join(d.dir, "out")
	code, text := v6ctIn(t, d.tester, "run", "--profile", prof1, "--profile", prof2, "--label-filter", echoSpecs, "--out", out)
	if code != 0 {
		t.Fatalf("v6ct run exited %d:\n%s", code, text)
	}
	res, err := results.Read(filepath.Join(out, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Units) != 2 || res.Units[0] != "profile:"+prof1 || res.Units[1] != "profile:"+prof2 {
		t.Fatalf("units %v", res.Units)
	}
	ran := map[int]int{}
	for _, s := range res.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
		}
		ran[s.Worker]++
		ns := []string{d.device, u.device}[max(s.Worker-1, 0)]
		found := false
		for _, st := range s.Steps {
			found = found || st.Kind == "note" && strings.Contains(st.Text, "action reset: $ ip -n "+ns+" ")
		}
		if !found {
			t.Errorf("%s (unit %d): its unit's reset action is not in the steps", s.ID, s.Worker)
		}
	}
	if ran[1] == 0 || ran[2] == 0 {
		t.Errorf("specs by unit %v: want both units used", ran)
	}
	code, text = v6ctIn(t, d.tester, "run", "--profile", prof1, "--profile", prof1, "--label-filter", echoSpecs, "--out", out)
	if code != 2 || !strings.Contains(text, "links of its own") {
		t.Errorf("the same profile twice: exit %d:\n%s", code, text)
	}
}

// The device dies halfway: the spec in flight is ERROR "device stopped
// answering", the reset action cannot bring it back, the run stops with a
// FATAL line, results.json keeps the specs before, and the report builds.
// In the other case the reset action brings the device back and the run
// goes on.
//
// The death is armed once two specs are on disk and happens inside the
// next reset action, just as that spec starts: killed from outside, it
// could land before that reset, which would bring the link back up and
// leave nothing to detect.
func TestDeviceThatStopsAnswering(t *testing.T) {
	for _, kill := range []string{"namespace deleted", "link down"} {
		t.Run(kill, func(t *testing.T) {
			d := newFakeDevice(t)
			arm := filepath.Join(d.dir, "arm")
			death := "ip netns del DUTNS"
			if kill == "link down" {
				death = "ip -n DUTNS link set dev0 down"
			}
			dies := strings.Replace(fakeProfile, "reset: >-\n",
				"reset: >-\n    if [ -e "+arm+" ]; then rm -f "+arm+"; "+death+"; exit 0; fi;\n", 1)
			prof := d.profile(t, "dut.yaml", dies)
			out := filepath.Join(d.dir, "out")
			stop := make(chan struct{})
			killed := make(chan int, 1)
			go func() { // arm the death once two specs are on disk
				defer close(killed)
				for {
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
					files, _ := filepath.Glob(filepath.Join(out, "2*", "results.json")) // the run's folder; latest comes at the end
					if len(files) == 0 {
						continue
					}
					res, err := results.Read(files[0])
					if err != nil || len(res.Specs) < 2 {
						continue
					}
					if err := os.WriteFile(arm, nil, 0o644); err != nil {
						t.Error(err)
						return
					}
					killed <- len(res.Specs)
					return
				}
			}()
			code, text := v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", echoSpecs, "--out", out)
			close(stop)
			before, ok := <-killed
			if !ok {
				t.Fatalf("the run ended before the device was killed:\n%s", text)
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			res, err := results.Read(filepath.Join(out, "latest", "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("killed after %d specs; output:\n%s", before, text)
			for _, s := range res.Specs[:before] {
				if s.Verdict != results.Pass {
					t.Errorf("a spec before the kill: %s: %s", s.Verdict, s.Reason)
				}
			}
			down := -1
			for i, s := range res.Specs {
				if s.Verdict == results.Error && strings.HasPrefix(s.Reason, "device stopped answering: ") {
					down = i
					break
				}
			}
			if down < 0 {
				t.Fatalf("no spec is ERROR with \"device stopped answering\"")
			}
			if kill == "namespace deleted" {
				if !strings.Contains(text, "FATAL: ") || !strings.HasPrefix(res.Fatal, "FATAL: ") {
					t.Errorf("no FATAL line (results: %q)", res.Fatal)
				}
				for _, s := range res.Specs[down+1:] {
					if s.Verdict != results.Error || !strings.HasPrefix(s.Reason, "not run: ") {
						t.Errorf("a spec after FATAL: %s: %s", s.Verdict, s.Reason)
					}
				}
				selected, err := runner.List(echoSpecs)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Specs) != len(selected) {
					t.Errorf("%d specs in the results, want every one selected (%d)", len(res.Specs), len(selected))
				}
			} else {
				if res.Fatal != "" {
					t.Errorf("FATAL although reset brings the device back: %s", res.Fatal)
				}
				if !strings.Contains(res.Specs[down].Reason, "answers again after the reset action") {
					t.Errorf("the ERROR does not say the device came back: %s", res.Specs[down].Reason)
				}
				for _, s := range res.Specs[down+1:] {
					if s.Verdict != results.Pass {
						t.Errorf("a spec after the recovery: %s: %s", s.Verdict, s.Reason)
					}
				}
			}
			if c, o := v6ct(t, "report", filepath.Join(out, "latest"), "-o", filepath.Join(d.dir, "rebuilt")); c != 0 {
				t.Errorf("the report does not build from the results: %s", o)
			}
		})
	}
}

// Pre-flight: a good profile, then three broken ones, each named for what
// is wrong.
func TestTargetCheck(t *testing.T) {
	d := newFakeDevice(t)
	good := d.profile(t, "good.yaml", fakeProfile)
	code, text := v6ctIn(t, d.tester, "target", "check", good)
	t.Logf("good profile:\n%s", text)
	if code != 0 || !strings.Contains(text, "pre-flight: ready") || !strings.Contains(text, "the device is "+fakeMAC) {
		t.Fatalf("exit %d:\n%s", code, text)
	}

	badField := d.profile(t, "bad-field.yaml", "name: typo\nrole: host\nlinks:\n  - tester: tst0\n    mac: "+fakeMAC+"\n    link-local: learn\n")
	code, text = v6ctIn(t, d.tester, "target", "check", badField)
	t.Logf("bad field:\n%s", text)
	if code != 2 || !strings.Contains(text, "bad-field.yaml:6: links[0].link-local: unknown field") {
		t.Errorf("exit %d:\n%s", code, text)
	}

	missing := d.profile(t, "missing-if.yaml", strings.Replace(fakeProfile, "tester: tst0", "tester: tst9", 1))
	code, text = v6ctIn(t, d.tester, "target", "check", missing)
	t.Logf("missing interface:\n%s", text)
	if code != 1 || !strings.Contains(text, "tester interface tst9: no such interface") {
		t.Errorf("exit %d:\n%s", code, text)
	}

	// The device's IPv6 is off: the link is up, nothing answers.
	ipCmd(t, "netns", "exec", d.device, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/dev0/disable_ipv6")
	silent := d.profile(t, "silent.yaml", strings.Replace(strings.Replace(fakeProfile, "mac: learn", "mac: "+fakeMAC, 1),
		"link_local: learn", "link_local: fe80::200:5eff:fe00:5330", 1))
	code, text = v6ctIn(t, d.tester, "target", "check", "--timeout", "1s", silent)
	t.Logf("device not answering:\n%s", text)
	if code != 1 || !strings.Contains(text, "does not answer a Neighbor Solicitation for fe80::200:5eff:fe00:5330") {
		t.Errorf("exit %d:\n%s", code, text)
	}
}

// The tester refuses an interface that looks like a live network.
func TestProfileRefusesLiveInterface(t *testing.T) {
	d := newFakeDevice(t)
	ipCmd(t, "-n", d.tester, "addr", "add", "192.0.2.1/24", "dev", "tst0")
	ipCmd(t, "-n", d.tester, "route", "add", "default", "via", "192.0.2.254")
	prof := d.profile(t, "dut.yaml", fakeProfile)
	code, text := v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", "rfc:4443&&section:4.2&&role:any", "--out", filepath.Join(d.dir, "out"))
	if code == 0 || !strings.Contains(text, "looks like a live network") || !strings.Contains(text, "--allow-live") {
		t.Fatalf("exit %d:\n%s", code, text)
	}
	code, text = v6ctIn(t, d.tester, "target", "check", "--allow-live", prof)
	if code != 0 || !strings.Contains(text, "allowed by --allow-live") {
		t.Fatalf("with --allow-live: exit %d:\n%s", code, text)
	}
}

// newFakeRouter is the kernel as a router with two links, named as the
// guide's profile names the router's interfaces (eth1, eth2), Link1 1280
// octets wide.
func newFakeRouter(t *testing.T) *fakeDevice {
	t.Helper()
	needRoot(t)
	b := make([]byte, 3)
	rand.Read(b)
	id := fmt.Sprintf("%d-%s", os.Getpid()%100000, hex.EncodeToString(b))
	d := &fakeDevice{tester: "v6ct-tn-" + id, device: "v6ct-rtr-" + id, dir: t.TempDir()}
	for _, ns := range []string{d.tester, d.device} {
		ipCmd(t, "netns", "add", ns)
		t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	}
	for _, k := range []string{"all", "default"} {
		ipCmd(t, "netns", "exec", d.tester, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/"+k+"/disable_ipv6")
	}
	ipCmd(t, "netns", "exec", d.device, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/forwarding")
	for i, dev := range []string{"eth1", "eth2"} {
		tst := fmt.Sprintf("tst%d", i)
		ipCmd(t, "-n", d.tester, "link", "add", tst, "type", "veth", "peer", "name", dev, "netns", d.device)
		ipCmd(t, "-n", d.device, "link", "set", dev, "address", fmt.Sprintf("00:00:5e:00:53:%d", 40+i))
		if i == 1 {
			ipCmd(t, "-n", d.tester, "link", "set", tst, "mtu", "1280")
			ipCmd(t, "-n", d.device, "link", "set", dev, "mtu", "1280")
		}
		ipCmd(t, "-n", d.device, "link", "set", dev, "up")
		ipCmd(t, "-n", d.device, "-6", "addr", "add", fmt.Sprintf("2001:db8:%d::1/64", i+1), "dev", dev, "nodad")
		ipCmd(t, "-n", d.tester, "link", "set", tst, "up")
	}
	for i := 0; i < 100; i++ {
		out, _ := exec.Command("ip", "-n", d.device, "-6", "addr", "show", "tentative").Output()
		all, _ := exec.Command("ip", "-n", d.device, "-6", "addr", "show", "scope", "link").Output()
		if len(bytes.TrimSpace(out)) == 0 && bytes.Count(all, []byte("fe80::")) == 2 {
			return d
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the router's addresses stayed tentative")
	return nil
}

// The guide's worked profile (docs/profiles/linux-router-ssh.yaml) with
// ssh replaced by a local command into the router's namespace: the
// pre-flight passes, and router specs that need static routes (the
// add-route action) pass through it.
func TestGuideProfileAgainstNamespaceRouter(t *testing.T) {
	d := newFakeRouter(t)
	text, err := os.ReadFile("../../docs/profiles/linux-router-ssh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	local := strings.NewReplacer(
		"ssh -o BatchMode=yes -o ConnectTimeout=5 root@192.0.2.7", "ip netns exec "+d.device+" sh -c",
		"enp3s0f0", "tst0", "enp3s0f1", "tst1",
		"/run/v6ct-radvd", filepath.Join(d.dir, "radvd"),
	).Replace(string(text))
	prof := d.profile(t, "router.yaml", local)
	code, out := v6ctIn(t, d.tester, "target", "check", "--no-reset", prof)
	t.Logf("pre-flight:\n%s", out)
	if code != 0 || !strings.Contains(out, "global address 2001:db8:2::1 (as the profile says)") {
		t.Fatalf("pre-flight exit %d", code)
	}
	dir := filepath.Join(d.dir, "out")
	code, out = v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", "role:router&&(ipv6ready:v6LC.1.1.11||ipv6ready:v6LC.5.1.3)", "--out", dir)
	t.Logf("run:\n%s", out)
	res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	routes := 0
	for _, s := range res.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
		}
		for _, st := range s.Steps {
			if strings.Contains(st.Text, "action add-route: $ ip netns exec "+d.device) {
				routes++
			}
		}
	}
	if len(res.Specs) < 4 || routes == 0 || code != 0 {
		t.Errorf("exit %d, %d specs, %d add-route actions", code, len(res.Specs), routes)
	}
}

// The guide's by-hand example, pasted at once: the device's interface has
// just come up and its link-local address is still tentative (DAD). The
// pre-flight waits for it, says so, and passes, instead of blaming the
// cabling.
func TestTargetCheckWaitsForDAD(t *testing.T) {
	d := newFakeDevice(t)
	good := d.profile(t, "good.yaml", fakeProfile)
	ipCmd(t, "-n", d.device, "link", "set", "dev0", "down")
	ipCmd(t, "-n", d.device, "link", "set", "dev0", "up")
	ipCmd(t, "-n", d.device, "-6", "addr", "replace", fakeGlobal+"/64", "dev", "dev0", "nodad")
	if out, _ := exec.Command("ip", "-n", d.device, "-6", "addr", "show", "dev", "dev0", "tentative").Output(); len(bytes.TrimSpace(out)) == 0 {
		t.Log("the link-local address was already past DAD when the check began")
	}
	code, text := v6ctIn(t, d.tester, "target", "check", good)
	t.Logf("right after the link came up:\n%s", text)
	if code != 0 || !strings.Contains(text, "pre-flight: ready") {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(text, "Duplicate Address Detection") && !strings.Contains(text, "the device answered after") {
		t.Errorf("the check does not say it waited for the device's addresses")
	}
	if strings.Contains(text, "cabled") {
		t.Errorf("the check blames the cabling")
	}
}
