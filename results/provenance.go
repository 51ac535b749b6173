package results

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
)

// Provenance says which build of the tool ran where: the source revision
// (from the binary's build information, else from git in the working
// folder), the Go version, and the host name with its kernel release.
func Provenance() (commit, goVersion, host string) {
	goVersion = runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if commit != "" && dirty {
			commit += "+dirty"
		}
	}
	if commit == "" {
		if out, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
			commit = strings.TrimSpace(string(out))
			if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
				commit += "+dirty"
			}
		}
	}
	host, _ = os.Hostname()
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		host = strings.TrimSpace(host + " (" + runtime.GOOS + " " + strings.TrimSpace(string(rel)) + ", " + runtime.GOARCH + ")")
	}
	return commit, goVersion, host
}
