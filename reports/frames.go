package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// The decoded detail of the frames (every layer and field, and the
// octets) is most of a spec page's weight, and the same frames recur
// from spec to spec (the same Neighbor Solicitation, the same Echo
// Reply). So the pages keep only a key per frame, and the detail lives
// once per run in frames/X.js, sharded by the key's first hex digit: a
// page loads the few shards its frames need (<script src>,
// which works from file:// where fetch does not), and report.js draws a
// frame's detail when it is opened.

// FramesDir is the folder of a report's shared frame detail.
const FramesDir = "frames"

// frameDetail is one frame's decoded detail as report.js reads it.
type frameDetail struct {
	Layers [][3]any `json:"l"` // name, octets, fields as [depth, name, value]
	// Hex is the octets; report.js lays them out as hexDump does, which
	// takes less room than the dump itself.
	Hex string `json:"x"`
}

// frameStore gathers the run's distinct frames.
type frameStore map[string]frameDetail

// frameKey names a frame by its octets.
func frameKey(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// add keeps a frame's detail and returns its key.
func (fs frameStore) add(b []byte, fv frameView) string {
	k := frameKey(b)
	if _, ok := fs[k]; !ok {
		d := frameDetail{Hex: hex.EncodeToString(b)}
		for _, l := range fv.Layers {
			fields := make([][3]any, 0, len(l.Fields))
			for _, f := range l.Fields {
				fields = append(fields, [3]any{f.Depth, f.Name, f.Value})
			}
			d.Layers = append(d.Layers, [3]any{l.Name, l.Octets, fields})
		}
		fs[k] = d
	}
	return k
}

// shardOf is the file a key's detail is in, relative to frames/: one of
// sixteen, by the key's first hex digit (a full run's sixteen files are
// about 100 kB each; more, smaller ones would waste disk blocks).
func shardOf(key string) string { return key[:1] + ".js" }

// write writes the shards into dir/frames, replacing what was there.
func (fs frameStore) write(dir string) error {
	out := filepath.Join(dir, FramesDir)
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	shards := map[string][]string{}
	for k := range fs {
		shards[shardOf(k)] = append(shards[shardOf(k)], k)
	}
	for name, keys := range shards {
		sort.Strings(keys)
		var b bytes.Buffer
		b.WriteString("// v6ct: decoded frames, by the first 64 bits of the SHA-256 of their octets\n")
		for _, k := range keys {
			j, err := json.Marshal(fs[k])
			if err != nil {
				return fmt.Errorf("reports: frame %s: %w", k, err)
			}
			fmt.Fprintf(&b, "v6ctFrame(%q,%s);\n", k, j)
		}
		if err := os.WriteFile(filepath.Join(out, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pageShards are the shards a page's frames need, each once.
func pageShards(frames []frameView) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range frames {
		if f.Key == "" || seen[shardOf(f.Key)] {
			continue
		}
		seen[shardOf(f.Key)] = true
		out = append(out, FramesDir+"/"+shardOf(f.Key))
	}
	sort.Strings(out)
	return out
}
