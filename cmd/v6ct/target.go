package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/v6ct/v6ct/suites"
)

const targetUsage = `usage:
  v6ct target check PROFILE.yaml [--allow-live] [--no-reset] [--timeout 2s]
      pre-flight for a device profile: the file (errors give line and field),
      each tester interface (present, up, carrier, not a live network), the
      device on each link (answers NS and Echo Requests; its MAC and
      addresses, learnt where the profile says "learn"), and the actions
      (each command's program exists; reset is run unless --no-reset).
      Exit 0 when every check passes, 1 when one fails, 2 for a profile
      that cannot be read.
  v6ct target list
      the built-in targets
`

func cmdTarget(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, targetUsage)
		return exitUsage
	}
	switch args[0] {
	case "check":
		return cmdTargetCheck(args[1:], stdout, stderr)
	case "list":
		for _, n := range suites.TargetNames() {
			fmt.Fprintln(stdout, n)
		}
		fmt.Fprintln(stdout, "profile:PATH.yaml (an external device; see docs/certify-a-router.md)")
		return exitOK
	case "-h", "--help", "help":
		fmt.Fprint(stdout, targetUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "v6ct target: unknown command %q\n%s", args[0], targetUsage)
	return exitUsage
}

func cmdTargetCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct target check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	allowLive := fs.Bool("allow-live", false, "accept tester interfaces that carry a default route or global addresses")
	noReset := fs.Bool("no-reset", false, "do not run the profile's reset action")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for each answer from the device")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "v6ct target check: name one profile\n"+targetUsage)
		return exitUsage
	}
	if os.Geteuid() != 0 {
		// Reading the file needs nothing; probing the device needs raw sockets.
		if _, err := suites.LoadProfile(pos[0]); err != nil {
			fmt.Fprintf(stderr, "v6ct: %v\n", err)
			return exitUsage
		}
		fmt.Fprintln(stderr, "v6ct: the profile reads well; probing the device needs root (raw sockets)")
		return exitUsage
	}
	p, lines, err := suites.Preflight(pos[0], suites.PreflightOptions{AllowLive: *allowLive, NoReset: *noReset, Timeout: *timeout})
	if err != nil {
		var pe *suites.ProfileError
		if errors.As(err, &pe) {
			fmt.Fprintf(stdout, "profile %s: INVALID\n  FAIL  %v\n", pos[0], err)
		} else {
			fmt.Fprintf(stdout, "profile %s: cannot be read: %v\n", pos[0], err)
		}
		return exitUsage
	}
	var acts []string
	for n := range p.Actions {
		acts = append(acts, string(n))
	}
	fmt.Fprintf(stdout, "profile %s: %q, a %s with %d link(s); actions: %s; capabilities: %s\n", pos[0], p.Name, p.Role, len(p.Links),
		orNone(sortStrings(acts)), orNone(p.Capabilities))
	fails, warns := 0, 0
	for _, l := range lines {
		fmt.Fprintf(stdout, "  %-4s  %s\n", l.Status, strings.ReplaceAll(l.Text, "\n", "\n        "))
		switch l.Status {
		case "FAIL":
			fails++
		case "warn":
			warns++
		}
	}
	switch {
	case fails > 0:
		fmt.Fprintf(stdout, "pre-flight: %d problem(s), %d warning(s): fix the FAIL lines before a run\n", fails, warns)
		return exitFail
	case warns > 0:
		fmt.Fprintf(stdout, "pre-flight: ready, with %d warning(s)\n", warns)
	default:
		fmt.Fprintln(stdout, "pre-flight: ready")
	}
	return exitOK
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
