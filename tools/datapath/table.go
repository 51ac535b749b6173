package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// quantile is the q-quantile of ds (nearest rank), 0 for none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1 // the ceil(q*n)-th value, 1-based, for all but float noise
	return s[min(max(i, 0), len(s)-1)]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// Figure is what one case measured on one target with one payload.
type Figure struct {
	Run      int      `json:"run"`    // from 1
	Case     string   `json:"case"`   // caseEcho or caseForward
	Target   string   `json:"target"` // targetRefnode or targetLinux
	Payload  int      `json:"payload"`
	PingPong PingPong `json:"ping_pong"`
	Windowed Windowed `json:"windowed"`
	// TAPDropped counts the frames the kernel dropped on the TAPs on their
	// way to refnode (its queue was full) during the windowed mode.
	TAPDropped uint64 `json:"tap_dropped,omitempty"`
	// NodeCounters are refnode's counters that grew while it was measured
	// (both modes, warm-ups included).
	NodeCounters map[string]uint64 `json:"node_counters,omitempty"`
}

const (
	caseEcho      = "UDP echo"
	caseForward   = "forwarding"
	targetRefnode = "refnode"
	targetLinux   = "Linux"
)

// Row is one line of the table: one figure of refnode beside Linux's.
type Row struct {
	Case    string  `json:"case"`
	Payload int     `json:"payload"`
	Measure string  `json:"measure"`
	Unit    string  `json:"unit"`
	Refnode float64 `json:"refnode"`
	Linux   float64 `json:"linux"`
	Ratio   float64 `json:"ratio"` // refnode / Linux
	// Over several runs: Refnode, Linux and Ratio are the medians, and the
	// ratio ranged from RatioMin to RatioMax.
	RatioMin float64 `json:"ratio_min,omitempty"`
	RatioMax float64 `json:"ratio_max,omitempty"`
}

// measures are the table's figures of one case and payload, in order.
var measures = []struct {
	name, unit string
	get        func(Figure) float64
}{
	{"ping-pong, transactions/s", "1/s", func(f Figure) float64 { return f.PingPong.PerSecond }},
	{"ping-pong, median round trip", "µs", func(f Figure) float64 { return f.PingPong.Median }},
	{"ping-pong, p99 round trip", "µs", func(f Figure) float64 { return f.PingPong.P99 }},
	{"", "1/s", func(f Figure) float64 { return f.Windowed.PerSecond }}, // named by its window
}

// rows pairs refnode's figures with Linux's, case by case, payload by
// payload, in the order the figures came.
func rows(figs []Figure) []Row {
	type key struct {
		c string
		p int
	}
	var order []key
	by := map[key]map[string]Figure{}
	for _, f := range figs {
		k := key{f.Case, f.Payload}
		if by[k] == nil {
			by[k] = map[string]Figure{}
			order = append(order, k)
		}
		by[k][f.Target] = f
	}
	var out []Row
	for _, k := range order {
		ref, okR := by[k][targetRefnode]
		lin, okL := by[k][targetLinux]
		if !okR || !okL {
			continue
		}
		for _, m := range measures {
			name := m.name
			if name == "" {
				name = fmt.Sprintf("%d in flight, replies/s", ref.Windowed.Window)
			}
			r := Row{Case: k.c, Payload: k.p, Measure: name, Unit: m.unit, Refnode: m.get(ref), Linux: m.get(lin)}
			if r.Linux > 0 {
				r.Ratio = r.Refnode / r.Linux
			}
			out = append(out, r)
		}
	}
	return out
}

// combine makes one row of each figure over several runs: the medians of
// refnode's values, of Linux's and of the ratios, and the ratios' range.
// Every run has the same rows in the same order.
func combine(runs [][]Row) []Row {
	if len(runs) == 1 {
		return runs[0]
	}
	out := slices.Clone(runs[0])
	for i := range out {
		var ref, lin, ratio []float64
		for _, rs := range runs {
			ref, lin, ratio = append(ref, rs[i].Refnode), append(lin, rs[i].Linux), append(ratio, rs[i].Ratio)
		}
		out[i].Refnode, out[i].Linux, out[i].Ratio = median(ref), median(lin), median(ratio)
		out[i].RatioMin, out[i].RatioMax = slices.Min(ratio), slices.Max(ratio)
	}
	return out
}

// median is the middle value, or the mean of the two middle ones.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// table is the rows in Markdown; over several runs with the ratios' range.
func table(rs []Row, runs int) string {
	var b strings.Builder
	if runs > 1 {
		fmt.Fprintf(&b, "| case | payload | figure | refnode | Linux | refnode/Linux | range over %d runs |\n|---|---:|---|---:|---:|---:|---:|\n", runs)
	} else {
		b.WriteString("| case | payload | figure | refnode | Linux | refnode/Linux |\n|---|---:|---|---:|---:|---:|\n")
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %.2f |", r.Case, r.Payload, r.Measure, value(r.Refnode, r.Unit), value(r.Linux, r.Unit), r.Ratio)
		if runs > 1 {
			fmt.Fprintf(&b, " %.2f–%.2f |", r.RatioMin, r.RatioMax)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// value prints a rate as a whole number and a time in microseconds with
// one decimal below 100.
func value(v float64, unit string) string {
	if unit == "µs" {
		if v < 100 {
			return fmt.Sprintf("%.1f µs", v)
		}
		return fmt.Sprintf("%.0f µs", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// losses lists the figures whose client lost requests, whose TAPs
// dropped frames or whose node counted drops, one line each; empty when
// none did.
func losses(figs []Figure) string {
	var b strings.Builder
	for _, f := range figs {
		drops := dropCounters(f.NodeCounters)
		if f.PingPong.Lost == 0 && f.Windowed.Lost == 0 && f.TAPDropped == 0 && drops == "" {
			continue
		}
		fmt.Fprintf(&b, "- run %d, %s, %s, %d octets: ping-pong lost %d of %d; %d in flight lost %d",
			f.Run, f.Case, f.Target, f.Payload, f.PingPong.Lost, f.PingPong.Lost+f.PingPong.Transactions, f.Windowed.Window, f.Windowed.Lost)
		if f.Target == targetRefnode {
			fmt.Fprintf(&b, "; the TAPs dropped %d frames on their way to the node", f.TAPDropped)
		}
		if drops != "" {
			fmt.Fprintf(&b, "; the node counted %s", drops)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// dropCounters lists the node's counters that name a drop, a failure or a
// full queue, sorted.
func dropCounters(c map[string]uint64) string {
	var out []string
	for k, v := range c {
		for _, w := range []string{"drop", "overflow", "error", "full", "limit", "fail"} {
			if strings.Contains(k, w) {
				out = append(out, fmt.Sprintf("%s=%d", k, v))
				break
			}
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// includes says what each number includes.
const includes = `What each number includes:
- Every figure: the same client, a kernel UDP socket over IPv6 (one send
  and one receive system call per datagram) in a network namespace, and
  the kernel's UDP and IPv6 paths at the client. A round trip is the
  request and its reply, timed at the client; the payload is the UDP
  payload (a 1400-octet payload makes 1462-octet frames).
- UDP echo, refnode: one node. The client's kernel sends over the TAP's
  kernel side; refnode reads the frame from the TAP (one read system
  call), processes it in user space (Ethernet, neighbor cache, IPv6, UDP,
  the echo, the reply's checksum) and writes the reply to the TAP (one
  write system call).
- UDP echo, Linux: one node. The client's kernel sends over a veth pair
  into a second namespace, whose kernel (IPv6, UDP, socket lookup)
  queues the datagram on a kernel UDP socket; the echo server, a process
  of its own like refnode, answers with one recvfrom and one sendto.
- Forwarding: the client and the echo server are kernel sockets in both,
  in two namespaces, the server the same as in UDP echo, Linux. refnode:
  refnode --router between two TAPs (two links); each packet is read from
  one TAP and written to the other in user space, twice per round trip
  (the request and the reply). Linux: a router namespace (forwarding=1)
  forwards in the kernel between two veth pairs, no user space on the way.
- Ping-pong: one request in flight; transactions/s counts the replies per
  second, so it includes the rare long stalls that the median leaves out.
  Windowed: the client keeps the window's requests in flight and sends a
  new one for each reply; replies/s counts the replies.
- Ratios are refnode / Linux: for rates, below 1 means refnode is slower;
  for round trips, above 1 means refnode takes longer.
`
