package main

import (
	"strings"
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	us := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Microsecond)
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100 down to 1: the order must not matter
	}
	for _, tc := range []struct {
		name string
		ds   []time.Duration
		q    float64
		want time.Duration
	}{
		{"none", nil, 0.5, 0},
		{"one", us(7), 0.99, 7 * time.Microsecond},
		{"median of an odd count", us(5, 1, 3), 0.5, 3 * time.Microsecond},
		{"median of an even count is the lower middle", us(4, 1, 3, 2), 0.5, 2 * time.Microsecond},
		{"p99 of 100", us(hundred...), 0.99, 99 * time.Microsecond},
		{"p50 of 100", us(hundred...), 0.5, 50 * time.Microsecond},
		{"the largest", us(hundred...), 1, 100 * time.Microsecond},
		{"the smallest", us(hundred...), 0, time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]time.Duration(nil), tc.ds...)
			if got := quantile(tc.ds, tc.q); got != tc.want {
				t.Errorf("quantile(%v, %v) = %v, want %v", tc.ds, tc.q, got, tc.want)
			}
			for i := range in {
				if in[i] != tc.ds[i] {
					t.Fatal("quantile reordered its input")
				}
			}
		})
	}
}

func TestPingPongSummary(t *testing.T) {
	r := PingPong{Seconds: 2, Lost: 1}
	for i := 1; i <= 200; i++ {
		r.rtts = append(r.rtts, time.Duration(i)*time.Microsecond)
	}
	r.summarise()
	if r.Transactions != 200 || r.PerSecond != 100 || r.Median != 100 || r.P99 != 198 {
		t.Errorf("got %d transactions, %v/s, median %v µs, p99 %v µs; want 200, 100/s, 100 µs, 198 µs", r.Transactions, r.PerSecond, r.Median, r.P99)
	}
}

func fig(c, target string, payload int, tps, med, p99, pps float64) Figure {
	return Figure{Run: 1, Case: c, Target: target, Payload: payload,
		PingPong: PingPong{PerSecond: tps, Median: med, P99: p99},
		Windowed: Windowed{Window: 32, PerSecond: pps}}
}

func TestRowsAndTable(t *testing.T) {
	figs := []Figure{
		fig(caseEcho, targetRefnode, 32, 50000, 20, 150, 100000),
		fig(caseEcho, targetLinux, 32, 100000, 10, 50, 400000),
		fig(caseForward, targetLinux, 1400, 80000, 12.5, 40, 200000), // Linux first: the pairing must not care
		fig(caseForward, targetRefnode, 1400, 20000, 50, 400, 50000),
		fig(caseForward, targetRefnode, 32, 1, 1, 1, 1), // no Linux figure: no rows
	}
	rs := rows(figs)
	if len(rs) != 8 {
		t.Fatalf("%d rows, want 8: %+v", len(rs), rs)
	}
	for _, tc := range []struct {
		i     int
		ratio float64
	}{{0, 0.5}, {1, 2}, {2, 3}, {3, 0.25}, {4, 0.25}, {5, 4}, {6, 10}, {7, 0.25}} {
		if rs[tc.i].Ratio != tc.ratio {
			t.Errorf("row %d (%s %d %s): ratio %v, want %v", tc.i, rs[tc.i].Case, rs[tc.i].Payload, rs[tc.i].Measure, rs[tc.i].Ratio, tc.ratio)
		}
	}
	want := `| case | payload | figure | refnode | Linux | refnode/Linux |
|---|---:|---|---:|---:|---:|
| UDP echo | 32 | ping-pong, transactions/s | 50000 | 100000 | 0.50 |
| UDP echo | 32 | ping-pong, median round trip | 20.0 µs | 10.0 µs | 2.00 |
| UDP echo | 32 | ping-pong, p99 round trip | 150 µs | 50.0 µs | 3.00 |
| UDP echo | 32 | 32 in flight, replies/s | 100000 | 400000 | 0.25 |
| forwarding | 1400 | ping-pong, transactions/s | 20000 | 80000 | 0.25 |
| forwarding | 1400 | ping-pong, median round trip | 50.0 µs | 12.5 µs | 4.00 |
| forwarding | 1400 | ping-pong, p99 round trip | 400 µs | 40.0 µs | 10.00 |
| forwarding | 1400 | 32 in flight, replies/s | 50000 | 200000 | 0.25 |
`
	if got := table(rs, 1); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestRatioWithoutLinux(t *testing.T) {
	rs := rows([]Figure{fig(caseEcho, targetRefnode, 32, 10, 1, 1, 10), fig(caseEcho, targetLinux, 32, 0, 0, 0, 0)})
	for _, r := range rs {
		if r.Ratio != 0 {
			t.Errorf("%s: ratio %v over a Linux figure of 0, want 0 (none)", r.Measure, r.Ratio)
		}
	}
}

func TestLosses(t *testing.T) {
	clean := fig(caseEcho, targetLinux, 32, 1, 1, 1, 1)
	if got := losses([]Figure{clean}); got != "" {
		t.Errorf("losses without any: %q", got)
	}
	lossy := fig(caseForward, targetRefnode, 1400, 1, 1, 1, 1)
	lossy.PingPong.Lost, lossy.PingPong.Transactions, lossy.Windowed.Lost, lossy.TAPDropped = 2, 98, 64, 7
	got := losses([]Figure{clean, lossy})
	counted := fig(caseEcho, targetRefnode, 32, 1, 1, 1, 1)
	counted.NodeCounters = map[string]uint64{"udp.echo": 1000, "nd.queue.overflow": 3, "link.read_error": 1}
	got += losses([]Figure{counted})
	want := "- run 1, forwarding, refnode, 1400 octets: ping-pong lost 2 of 100; 32 in flight lost 64; the TAPs dropped 7 frames on their way to the node\n" +
		"- run 1, UDP echo, refnode, 32 octets: ping-pong lost 0 of 0; 32 in flight lost 0; the TAPs dropped 0 frames on their way to the node; the node counted link.read_error=1 nd.queue.overflow=3\n"
	if got != want {
		t.Errorf("losses:\n%q\nwant\n%q", got, want)
	}
	if !strings.HasSuffix(includes, "\n") {
		t.Error("the note on what the numbers include must end its line")
	}
}

func TestCombineRuns(t *testing.T) {
	run := func(ref, lin float64) []Row {
		return rows([]Figure{fig(caseEcho, targetRefnode, 32, ref, 10, 20, ref), fig(caseEcho, targetLinux, 32, lin, 5, 10, lin)})
	}
	if got := combine([][]Row{run(1, 2)}); got[0].RatioMin != 0 || got[0].Ratio != 0.5 {
		t.Errorf("one run: %+v, want the run's rows as they are", got[0])
	}
	rs := combine([][]Row{run(100, 200), run(300, 100), run(50, 100), run(200, 400)})
	r := rs[0] // transactions/s; ratios 0.5, 3, 0.5, 0.5
	if r.Refnode != 150 || r.Linux != 150 || r.Ratio != 0.5 || r.RatioMin != 0.5 || r.RatioMax != 3 {
		t.Errorf("over four runs: %+v, want medians 150 and 150, ratio 0.5 in 0.5–3", r)
	}
	got := table(rs[:1], 4)
	want := "| case | payload | figure | refnode | Linux | refnode/Linux | range over 4 runs |\n|---|---:|---|---:|---:|---:|---:|\n" +
		"| UDP echo | 32 | ping-pong, transactions/s | 150 | 150 | 0.50 | 0.50–3.00 |\n"
	if got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tc.v); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
