package rfc2373_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2373"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2373.Folder

func TestRFC2373(t *testing.T) { suites.RunSuite(t, "RFC 4291 (was 2373): addressing architecture") }
