package suites

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

const goodProfile = `name: lab-router
role: router
reset_before_each_spec: true
settle: 250ms
alive:
  method: echo
  timeout: 1s
links:
  - tester: enp3s0
    device: eth1
    mac: 52:54:00:12:34:56
    link_local: learn
    global: 2001:db8:1::1
  - tester: enp4s0
    device: eth2
    mac: learn
    link_local: fe80::1
    global: learn
capabilities: [hop-by-hop, ra-dns]
actions:
  reset: ssh -o BatchMode=yes root@dut 'ip -6 neigh flush dev {profile}'
  reboot:
    run: ssh root@dut reboot
    ready_timeout: 5m
  set-mtu: ssh root@dut ip link set {link} mtu {mtu}
  add-route: ssh root@dut ip -6 route replace {prefix} via {nexthop} dev {link} proto static
  start-ra: manual
  send-echo:
    manual: "ping -6 -c 1 {dst}%{link}, then press Enter"
  stop-ra: awk '{print $1}' /dev/null; echo ${HOME}
`

func TestProfileParses(t *testing.T) {
	p, err := ParseProfile("lab.yaml", []byte(goodProfile))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "lab-router" || p.Role != "router" || len(p.Links) != 2 || !p.ResetBeforeEachSpec {
		t.Fatalf("parsed %+v", p)
	}
	if p.Links[0].MAC.String() != "52:54:00:12:34:56" || p.Links[0].LinkLocal.IsValid() || p.Links[0].Global.String() != "2001:db8:1::1" {
		t.Errorf("link 0: %+v", p.Links[0])
	}
	if p.Links[1].MAC != nil || p.Links[1].LinkLocal.String() != "fe80::1" || p.Links[1].Prefix.String() != "2001:db8:2::/64" {
		t.Errorf("link 1: %+v", p.Links[1])
	}
	if !p.Has("multiple-interfaces") || !p.Has("ra-dns") {
		t.Errorf("capabilities %v", p.Capabilities)
	}
	if p.Alive.Timeout != time.Second || p.Actions[ActReboot].ReadyTimeout != 5*time.Minute {
		t.Errorf("durations: %v %v", p.Alive.Timeout, p.Actions[ActReboot].ReadyTimeout)
	}
	if p.Settle != 250*time.Millisecond {
		t.Errorf("settle %v, want 250ms", p.Settle)
	}
	if q, err := ParseProfile("x.yaml", []byte("name: x\nrole: host\nlinks:\n  - tester: eth1\n")); err != nil || q.Settle != DefaultProfileSettle {
		t.Errorf("settle without the field: %v %v, want %v", q.Settle, err, DefaultProfileSettle)
	}
	if q, err := ParseProfile("x.yaml", []byte("name: x\nrole: host\nsettle: 0\nlinks:\n  - tester: eth1\n")); err != nil || q.Settle != 0 {
		t.Errorf("settle: 0 gives %v %v", q.Settle, err)
	}
	if p.Actions[ActStartRA].Manual == "" || p.Actions[ActSendEcho].Manual == "" || p.Actions[ActSetMTU].Run == "" {
		t.Errorf("actions %+v", p.Actions)
	}
}

// Every mistake is reported with its line and field.
func TestProfileErrorsNameLineAndField(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "name: x\nrole: host\nlinks:\n  - tester: eth1\n    adress: fe80::1\n", "x.yaml:5: links[0].adress: unknown field"},
		{"bad MAC", "name: x\nrole: host\nlinks:\n  - tester: eth1\n    mac: 52:54:00:zz:34:56\n", "x.yaml:5: links[0].mac: \"52:54:00:zz:34:56\" is not an Ethernet MAC address"},
		{"bad prefix", "name: x\nrole: host\nlinks:\n  - tester: eth1\n    prefix: 2001:db8::/48\n", "x.yaml:5: links[0].prefix: \"2001:db8::/48\" is not an IPv6 /64 prefix"},
		{"global outside prefix", "name: x\nrole: host\nlinks:\n  - tester: eth1\n    global: 2001:db8:9::1\n", "links[0].global: 2001:db8:9::1 is not in the link's prefix 2001:db8:1::/64"},
		{"unknown role", "name: x\nrole: switch\nlinks:\n  - tester: eth1\n", "x.yaml:2: role: \"switch\" is not a role"},
		{"unknown placeholder", "name: x\nrole: host\nlinks:\n  - tester: eth1\nactions:\n  set-mtu: ip link set {link} mtu {size}\n", "x.yaml:6: actions.set-mtu: unknown placeholder {size}"},
		{"placeholder of another action", "name: x\nrole: host\nlinks:\n  - tester: eth1\nactions:\n  reset: ip link set {link} up\n", "actions.reset: unknown placeholder {link}"},
		{"unknown action", "name: x\nrole: host\nlinks:\n  - tester: eth1\nactions:\n  frobnicate: true\n", "x.yaml:6: actions.frobnicate: unknown action"},
		{"unknown capability", "name: x\nrole: host\nlinks:\n  - tester: eth1\ncapabilities: [teleport]\n", "x.yaml:5: capabilities[0]: unknown capability \"teleport\""},
		{"no links", "name: x\nrole: host\n", "links: missing"},
		{"no tester", "name: x\nrole: host\nlinks:\n  - device: eth0\n", "x.yaml:4: links[0].tester: missing"},
		{"bad duration", "name: x\nrole: host\nalive:\n  timeout: soon\nlinks:\n  - tester: eth1\n", "x.yaml:4: alive.timeout: a positive duration"},
		{"bad settle", "name: x\nrole: host\nsettle: fast\nlinks:\n  - tester: eth1\n", "x.yaml:3: settle: a duration from 0 to 30s"},
		{"negative settle", "name: x\nrole: host\nsettle: -1s\nlinks:\n  - tester: eth1\n", "x.yaml:3: settle: a duration from 0 to 30s"},
		{"settle too long", "name: x\nrole: host\nsettle: 100s\nlinks:\n  - tester: eth1\n", "x.yaml:3: settle: a duration from 0 to 30s"},
		{"both run and manual", "name: x\nrole: host\nlinks:\n  - tester: eth1\nactions:\n  reset:\n    run: true\n    manual: do it\n", "x.yaml:7: actions.reset: give either run"},
		{"not YAML", "name: x\nrole: host\nlinks: x\n  - tester: eth1\n", "x.yaml:4: not valid YAML"},
		{"same interface twice", "name: x\nrole: host\nlinks:\n  - tester: eth1\n  - tester: eth1\n", "x.yaml:5: links[1].tester: eth1 is already links[0]'s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseProfile("x.yaml", []byte(c.yaml))
			var pe *ProfileError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a ProfileError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestTemplatesExpand(t *testing.T) {
	p, err := ParseProfile("lab.yaml", []byte(goodProfile))
	if err != nil {
		t.Fatal(err)
	}
	a := Action{Name: ActAddRoute, Route: StaticRoute{Prefix: mustPrefix("2001:db8:9::/64"), Link: 1, NextHop: mustAddr("fe80::200:5eff:fe00:5391")}}
	got := expand(p.Actions[ActAddRoute].Run, actionValues(p, NUTInfo{}, a))
	want := "ssh root@dut ip -6 route replace 2001:db8:9::/64 via fe80::200:5eff:fe00:5391 dev eth2 proto static"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if got := expand(p.Actions[ActStopRA].Run, actionValues(p, NUTInfo{}, Action{Name: ActStopRA})); got != "awk '{print $1}' /dev/null; echo ${HOME}" {
		t.Fatalf("shell braces changed: %q", got)
	}
}

func TestCommandActionKeepsOutputAndTimesOut(t *testing.T) {
	log, err := runCommand("reset", "echo hello; echo oops >&2; exit 3", map[string]string{"link": "eth1"}, 5*time.Second)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "oops") {
		t.Fatalf("error %v", err)
	}
	if out := strings.Join(log, "\n"); !strings.Contains(out, "hello") || !strings.Contains(out, "$ echo hello") {
		t.Fatalf("log %q", out)
	}
	log, err = runCommand("reset", "echo $V6CT_LINK", map[string]string{"link": "eth1"}, 5*time.Second)
	if err != nil || !strings.Contains(strings.Join(log, "\n"), "eth1") {
		t.Fatalf("environment: %v %q", err, log)
	}
	start := time.Now()
	_, err = runCommand("reboot", "sleep 30 & sleep 30", nil, 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "timeout") || time.Since(start) > 5*time.Second {
		t.Fatalf("timeout: %v after %s", err, time.Since(start))
	}
}

func TestManualActionAsksTheOperator(t *testing.T) {
	defer func(c ControlOptions) { Control = c }(Control)
	var prompt strings.Builder
	Control = ControlOptions{Prompt: &prompt, Answer: strings.NewReader("\n")}
	p, _ := ParseProfile("lab.yaml", []byte(goodProfile))
	c := &profileController{p: p, info: func() NUTInfo { return NUTInfo{} }}
	log, err := c.Do(Action{Name: ActSendEcho, Link: 1, Dst: mustAddr("2001:db8:2::81")})
	if err != nil || !strings.Contains(prompt.String(), "ping -6 -c 1 2001:db8:2::81%eth2") || !strings.Contains(strings.Join(log, " "), "confirmed") {
		t.Fatalf("%v; prompt %q; log %q", err, prompt.String(), log)
	}
	Control.Answer = strings.NewReader("n\n")
	if _, err := c.Do(Action{Name: ActStartRA}); !errors.Is(err, ErrNoAction) {
		t.Fatalf("a declined manual action: %v", err)
	}
	Control = ControlOptions{Prompt: &prompt, AssumeYes: true}
	if _, err := c.Do(Action{Name: ActStartRA}); err != nil {
		t.Fatalf("--yes: %v", err)
	}
	if _, err := c.Do(Action{Name: ActRestartLink}); !errors.Is(err, ErrNoAction) {
		t.Fatalf("an absent action: %v", err)
	}
}

func TestNotApplicableReasons(t *testing.T) {
	p, _ := ParseProfile("lab.yaml", []byte("name: one\nrole: host\nlinks:\n  - tester: eth1\n"))
	tg := NewProfileTarget(p)
	cases := []struct {
		setup SpecSetup
		want  string
	}{
		{SpecSetup{Links: 2}, "needs 2 links"},
		{SpecSetup{Links: 1, Routes: []StaticRoute{{}}}, "add-route action"},
		{SpecSetup{Links: 1, Boot: true}, "restart-link action"},
		{SpecSetup{Links: 1, Actions: []ActionName{ActStartRA}}, "needs the start-ra action"},
		{SpecSetup{Links: 1, Capabilities: []string{"ra-dns"}}, `needs the capability "ra-dns"`},
	}
	for _, c := range cases {
		if got := notApplicable(tg, c.setup); !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.setup, got, c.want)
		}
	}
	if got := notApplicable(tg, SpecSetup{Links: 1}); got != "" {
		t.Errorf("a plain spec is N/A: %s", got)
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func mustAddr(s string) netip.Addr     { return netip.MustParseAddr(s) }

// The guide's worked profile stays valid.
func TestDocsProfileParses(t *testing.T) {
	p, err := LoadProfile("../docs/profiles/linux-router-ssh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != "router" || len(p.Links) != 2 || len(p.Actions) != 9 {
		t.Fatalf("%s: %d links, %d actions", p.Role, len(p.Links), len(p.Actions))
	}
}
