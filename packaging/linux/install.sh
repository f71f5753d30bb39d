#!/bin/sh
# Put Results Viewer on this user's desktop: a menu entry, its icon, and the contest file
# type, so that a double-click on a *.results.json file in a file manager opens it.
#
#   packaging/linux/install.sh [EXECUTABLE]     install (for this user only, no root)
#   packaging/linux/install.sh --uninstall      remove what install put there
#
# EXECUTABLE defaults to the built app next to this script (dist/resultsviewer/resultsviewer,
# where build.py also copies this script), then to the checkout's dist/resultsviewer/, then
# to a pip-installed `resultsviewer` on PATH. Files go under $XDG_DATA_HOME (default
# ~/.local/share): applications/, icons/hicolor/, mime/packages/. Re-run it after moving the
# app folder: the menu entry holds the executable's absolute path.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app_id=resultsviewer
mime_type=application/x-resultsviewer-contest
mime_icon=application-x-resultsviewer-contest
sizes="16 24 32 48 64 128 256 512"

die() { echo "install.sh: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# The data files: in the checkout (packaging/linux + resources/icons) or in a built app folder.
if [ -f "$here/resultsviewer.desktop" ] && [ -d "$here/../../resources/icons" ]; then
  desktop_source=$here/resultsviewer.desktop
  mime_source=$here/resultsviewer-mime.xml
  icons=$(cd "$here/../../resources/icons" && pwd)
elif [ -f "$here/share/resultsviewer.desktop" ]; then
  desktop_source=$here/share/resultsviewer.desktop
  mime_source=$here/share/resultsviewer-mime.xml
  icons=$here/_internal/resultsviewer/resources/icons
else
  die "cannot find resultsviewer.desktop next to $here"
fi

refresh() {
  # Each cache is optional: desktops without these tools rescan the folders themselves.
  if have update-mime-database; then update-mime-database "$data/mime" >/dev/null 2>&1 || true; fi
  if have update-desktop-database; then update-desktop-database -q "$data/applications" 2>/dev/null || true; fi
  if have gtk-update-icon-cache && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -f -t "$data/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$app_id.desktop" "$data/mime/packages/$app_id.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg" "$data/icons/hicolor/scalable/mimetypes/$mime_icon.svg"
  for size in $sizes; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/$app_id.png" \
          "$data/icons/hicolor/${size}x${size}/mimetypes/$mime_icon.png"
  done
  refresh
  echo "Results Viewer removed from $data"
  exit 0
fi
case "${1:-}" in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; -*) die "unknown option $1 (try --help)" ;; esac

# The executable the menu entry and the file type will start.
if [ $# -ge 1 ]; then
  executable=$1
elif [ -x "$here/resultsviewer" ] && [ ! -d "$here/resultsviewer" ]; then
  executable=$here/resultsviewer
elif [ -x "$here/../../dist/resultsviewer/resultsviewer" ]; then
  executable=$here/../../dist/resultsviewer/resultsviewer
elif have resultsviewer; then
  executable=$(command -v resultsviewer)
else
  die "no Results Viewer to point at: build it (python packaging/build.py), pip install it, or name the executable"
fi
[ -f "$executable" ] && [ -x "$executable" ] || die "$executable is not an executable file"
executable=$(cd "$(dirname "$executable")" && pwd)/$(basename "$executable")
# The Exec key quotes the path; these characters would need escaping rules of their own.
case "$executable" in
  *[\"\`\$\\%\|\&]*|*"
"*) die "the path $executable holds a character a desktop entry cannot quote simply; move the app" ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" \
         "$data/icons/hicolor/scalable/apps" "$data/icons/hicolor/scalable/mimetypes"
for size in $sizes; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps" "$data/icons/hicolor/${size}x${size}/mimetypes"
  cp "$icons/resultsviewer-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
  cp "$icons/resultsviewer-$size.png" "$data/icons/hicolor/${size}x${size}/mimetypes/$mime_icon.png"
done
cp "$icons/resultsviewer.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
cp "$icons/resultsviewer.svg" "$data/icons/hicolor/scalable/mimetypes/$mime_icon.svg"
cp "$mime_source" "$data/mime/packages/$app_id.xml"

# The entry as shipped, with the executable's absolute path (quoted: it may hold spaces).
sed -e "s|^TryExec=.*|TryExec=$executable|" \
    -e "s|^Exec=.*|Exec=\"$executable\" %f|" \
    "$desktop_source" > "$data/applications/$app_id.desktop.tmp"
mv "$data/applications/$app_id.desktop.tmp" "$data/applications/$app_id.desktop"
refresh

# Our own file type opens with us; CSV keeps the user's choice (we are only offered for it).
if have xdg-mime; then xdg-mime default "$app_id.desktop" "$mime_type" 2>/dev/null || true; fi

echo "Results Viewer installed for $(id -un) in $data, starting $executable"
