package faults

// registered are the faults defined outside faults.go: each protocol area
// may keep its faults in a file of its own, declared as constants and
// registered with their descriptions:
//
//	const NoRS Fault = "no-rs"
//	var _ = register(map[Fault]string{NoRS: "never sends a Router Solicitation"})
var registered []Fault

func register(d map[Fault]string) bool {
	for f, desc := range d {
		registered = append(registered, f)
		descriptions[f] = desc
		known[f] = true
	}
	return true
}
