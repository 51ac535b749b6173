package rfc2460_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2460"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2460.Folder

func TestRFC2460(t *testing.T) { suites.RunSuite(t, "RFC 8200 (was 2460): IPv6 specification") }
