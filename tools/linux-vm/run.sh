#!/usr/bin/env bash
# Run v6ct against a stock Debian kernel inside a QEMU virtual machine.
#
# The built-in Linux targets (linux-host, linux-router) test the kernel
# they run on. A kernel without some drivers (sit, ip6_tunnel, ipip for the
# tunnel specs) makes those specs N/A; this script boots Debian's own
# kernel, which has them all as modules, with a small initramfs holding a
# static v6ct, iproute2, radvd and busybox, runs the specs there and copies
# the run folders back, ready for `v6ct report table OUT/<target>/latest`.
#
# Usage (as root, on Debian 12, from anywhere in the repository):
#
#   tools/linux-vm/run.sh [--target linux-router|linux-host|both]
#                         [--label-filter QUERY] [--out DIR]
#                         [--kernel PACKAGE] [--cpus N] [--mem MB]
#                         [--timeout MINUTES] [--tcg]
#
# Defaults: both targets, the tunnel specs' filter, --out ./v6ct-vm-report,
# Debian's current kernel (the package linux-image-amd64 depends on).
# Downloads go to the cache folder (V6CT_VM_CACHE, default
# tools/linux-vm/cache), which later runs reuse.
set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 1; }
say() { echo "run.sh: $*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${V6CT_VM_CACHE:-$here/cache}

targets="linux-router linux-host"
filter='rfc:2473 || rfc:4213 || rfc:2003 || rfc:791 || rfc:1122'
out=$PWD/v6ct-vm-report
kernel_pkg=""
cpus=2
mem=1024
timeout_min=60
accel=auto

while [ $# -gt 0 ]; do
	case "$1" in
	--target) [ $# -ge 2 ] || die "--target needs a value"
		case "$2" in
		both) targets="linux-router linux-host" ;;
		linux-router | linux-host) targets=$2 ;;
		*) die "--target: linux-router, linux-host or both, not '$2'" ;;
		esac
		shift 2 ;;
	--label-filter) [ $# -ge 2 ] || die "--label-filter needs a value"; filter=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift 2 ;;
	--kernel) [ $# -ge 2 ] || die "--kernel needs a value"; kernel_pkg=$2; shift 2 ;;
	--cpus) [ $# -ge 2 ] || die "--cpus needs a value"; cpus=$2; shift 2 ;;
	--mem) [ $# -ge 2 ] || die "--mem needs a value"; mem=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || die "--timeout needs a value"; timeout_min=$2; shift 2 ;;
	--tcg) accel=tcg; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

# --- what the host needs

[ "$(id -u)" = 0 ] || die "run as root (apt-get, and QEMU's 9p share writes as the caller)"
command -v go >/dev/null || die "no 'go' in PATH (Go 1.26 at /usr/local/go: export PATH=\$PATH:/usr/local/go/bin)"
command -v apt-get >/dev/null || die "no apt-get: this script downloads Debian packages and needs a Debian machine"

need_pkgs=()
command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
command -v ip >/dev/null || need_pkgs+=(iproute2)
command -v radvd >/dev/null || need_pkgs+=(radvd)
command -v cpio >/dev/null || need_pkgs+=(cpio)
command -v depmod >/dev/null || need_pkgs+=(kmod)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	say "installing ${need_pkgs[*]}"
	apt-get install -y --no-install-recommends "${need_pkgs[@]}" >&2 ||
		{ apt-get update >&2 && apt-get install -y --no-install-recommends "${need_pkgs[@]}" >&2; } ||
		die "could not install ${need_pkgs[*]} (no network for apt? install them by hand)"
fi

# --- Debian's kernel and busybox, as .debs in the cache

mkdir -p "$cache/debs"
if [ -z "$kernel_pkg" ]; then
	kernel_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	if [ -z "$kernel_pkg" ]; then
		apt-get update >&2 || die "apt-get update failed (no network for apt?)"
		kernel_pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	fi
	[ -n "$kernel_pkg" ] || die "cannot tell which kernel linux-image-amd64 depends on; name one with --kernel linux-image-6.1.0-NN-amd64"
fi
fetch() { # fetch PACKAGE: the .deb's path in the cache, downloaded once
	local deb
	deb=$(ls "$cache/debs/$1"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		say "downloading $1"
		(cd "$cache/debs" && apt-get download "$1" >&2) ||
			(apt-get update >&2 && cd "$cache/debs" && apt-get download "$1" >&2) ||
			die "cannot download $1 (no network for apt, or no such package)"
		deb=$(ls "$cache/debs/$1"_*.deb | head -n1)
	fi
	echo "$deb"
}
kdeb=$(fetch "$kernel_pkg")
bdeb=$(fetch busybox-static)

kver=${kernel_pkg#linux-image-}
kdir=$cache/kernel-$kver
if [ ! -f "$kdir/vmlinuz" ]; then
	say "extracting $kernel_pkg"
	rm -rf "$kdir" && mkdir -p "$kdir/x"
	dpkg-deb -x "$kdeb" "$kdir/x"
	cp "$kdir/x/boot/vmlinuz-$kver" "$kdir/vmlinuz"
fi
[ -d "$kdir/x/lib/modules/$kver" ] || die "$kdeb holds no /lib/modules/$kver"
bbdir=$cache/busybox
if [ ! -x "$bbdir/bin/busybox" ]; then
	rm -rf "$bbdir" && mkdir -p "$bbdir"
	dpkg-deb -x "$bdeb" "$bbdir"
fi

# --- the initramfs

work=$(mktemp -d /var/tmp/v6ct-vm.XXXXXX)
share=$work/share
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,var/run,out,lib/modules} "$share"

say "building a static v6ct"
(cd "$repo" && CGO_ENABLED=0 go build -trimpath -buildvcs=auto -o "$root/bin/v6ct" ./cmd/v6ct) || die "go build ./cmd/v6ct failed"

cp "$bbdir/bin/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	case "$applet" in ip | busybox) continue ;; esac
	ln -sf busybox "$root/bin/$applet"
done
ln -sf ../bin/busybox "$root/sbin/modprobe" # the kernel loads tunnel drivers on demand through it

copy_bin() { # copy_bin PROGRAM: it and the shared libraries it loads, at their paths
	local p lib
	p=$(command -v "$1")
	p=$(readlink -f "$p")
	mkdir -p "$root$(dirname "$p")"
	cp "$p" "$root$p"
	ln -sf "$p" "$root/bin/$1"
	for lib in $(ldd "$p" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_bin ip
copy_bin radvd
# ldd names the loader by its canonical path; the binaries ask for it by the standard one.
mkdir -p "$root/lib64"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

# xfrm_user and nfnetlink: the netlink library v6ct uses opens XFRM and netfilter sockets.
mods="veth tun sit ip6_tunnel ipip xfrm_user nfnetlink 9p 9pnet_virtio virtio_pci"
mdir=$kdir/x/lib/modules/$kver
[ -f "$mdir/modules.dep" ] || depmod -b "$kdir/x" "$kver"
want=""
for m in $mods; do
	line=$(grep -E "/$m\.ko(\.xz|\.zst)?:" "$mdir/modules.dep") || die "$kernel_pkg has no module $m"
	want="$want ${line%%:*} ${line#*:}"
done
for f in $(echo "$want" | tr ' ' '\n' | sort -u); do
	mkdir -p "$root/lib/modules/$kver/$(dirname "$f")"
	cp "$mdir/$f" "$root/lib/modules/$kver/$f"
done
cp "$mdir"/modules.builtin* "$mdir"/modules.order "$root/lib/modules/$kver/" 2>/dev/null || true
depmod -b "$root" "$kver"

{
	printf 'targets=%q\n' "$targets"
	printf 'filter=%q\n' "$filter"
	printf 'mods=%q\n' "$mods"
} >"$root/etc/v6ct-vm.conf"

cat >"$root/init" <<'INIT'
#!/bin/sh
# The virtual machine's only process: loads the drivers, runs v6ct, powers off.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /run/netns /var/run
mount -t tmpfs varrun /var/run
hostname v6ct-vm
case " $(cat /proc/cmdline) " in
*" v6ct.probe "*) echo "v6ct-vm: booted"; poweroff -f ;;
esac
. /etc/v6ct-vm.conf
for m in $mods; do modprobe "$m" || echo "v6ct-vm: modprobe $m failed"; done
# busybox sh prefers its own applets: iproute2 goes by its path here.
/bin/ip link set lo up
if mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /out; then
	echo "v6ct-vm: kernel $(uname -r), $(nproc) CPUs; modules:" $(cut -d' ' -f1 /proc/modules)
	/bin/ip -V || echo "v6ct-vm: iproute2 does not run"
	uname -r >/out/kernel
	for t in $targets; do
		echo "v6ct-vm: v6ct run --target $t --label-filter '$filter'"
		start=$(date +%s)
		v6ct run --target "$t" --label-filter "$filter" --out "/out/$t" >"/out/$t.log" 2>&1
		echo "$?" >"/out/$t.rc"
		echo "v6ct-vm: $t exit $(cat /out/$t.rc) after $(($(date +%s) - start)) s"
		tail -n 3 "/out/$t.log"
	done
	dmesg >/out/dmesg.txt
	sync
	umount /out
else
	echo "v6ct-vm: cannot mount the 9p share 'out'"
fi
echo "v6ct-vm: done"
poweroff -f
INIT
chmod +x "$root/init"

say "packing the initramfs"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# --- boot

boot() { # boot SECONDS EXTRA_KERNEL_ARGS QEMU_ACCEL_ARGS...: the console on stdout
	local secs=$1 extra=$2
	shift 2
	timeout --foreground "$secs" \
		qemu-system-x86_64 "$@" -smp "$cpus" -m "$mem" -nographic -no-reboot \
		-kernel "$kdir/vmlinuz" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3 $extra" \
		-nic none \
		-virtfs "local,path=$share,mount_tag=out,security_model=none" </dev/null
}

accel_args=(-accel tcg)
if [ "$accel" = auto ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	# Nested virtualization can offer a /dev/kvm that cannot run this
	# kernel (QEMU aborts, or the guest hangs early): a short boot tells.
	say "trying KVM"
	probe=$(boot 60 v6ct.probe -enable-kvm -cpu host 2>&1 || true)
	if grep -q 'v6ct-vm: booted' <<<"$probe"; then
		accel_args=(-enable-kvm -cpu host)
	else
		say "KVM cannot boot this kernel here; using TCG (--tcg skips the try)"
	fi
fi
say "booting $kernel_pkg (${accel_args[*]})"
start=$(date +%s)
vm_rc=0
boot "$((timeout_min * 60))" "" "${accel_args[@]}" || vm_rc=$?
say "the virtual machine ran $(($(date +%s) - start)) s"

# --- results

mkdir -p "$out"
for f in kernel dmesg.txt linux-router.log linux-host.log; do
	[ ! -f "$share/$f" ] || cp "$share/$f" "$out/"
done
[ "$vm_rc" = 0 ] || die "the virtual machine failed (exit $vm_rc) or ran past --timeout $timeout_min minutes; logs in $out"
[ -f "$share/kernel" ] || die "the virtual machine wrote no results (see its console output above)"
rc=0
for t in $targets; do
	[ -d "$share/$t" ] || { say "no results for $t (see $out/$t.log)"; rc=1; continue; }
	rm -rf "${out:?}/$t"
	cp -a "$share/$t" "$out/"
	[ "$(cat "$share/$t.rc" 2>/dev/null)" = 0 ] || rc=1
	say "$t: $out/$t/latest ($(grep -E '^[0-9]+ specs in' "$out/$t.log" | tail -n 1))"
done
say "kernel $(cat "$out/kernel"); tables: v6ct report table $out/<target>/latest"
exit $rc
