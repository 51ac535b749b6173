package runner

// The runner's tests select the built-in targets by name, as the command does.
import _ "github.com/v6ct/v6ct/targets/builtin"
