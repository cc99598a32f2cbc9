#!/usr/bin/env bash
# Sets up a real WordPress (Debian's package) at http://127.0.0.1:8086/ for the
# integration test, seeded through WordPress itself, and starts its services.
#
# Idempotent: a second run only checks that everything is there and running. The site is
# reseeded from scratch when seed.php (or setup.php) changed since the last seed.
#
# Usage (as root, on Debian 12; no systemd needed):
#     bash tests/wordpress/install.sh           # install, start, seed when needed
#     bash tests/wordpress/install.sh --reset   # drop the site's database and seed anew
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly WP_PORT=8086          # the blog: http://127.0.0.1:8086/
readonly SOURCE_PORT=8087      # the pages that send pingbacks: http://localhost:8087/
readonly WP_URL="http://127.0.0.1:${WP_PORT}"
readonly DB_NAME=backlint_wp
readonly DB_USER=backlint_wp
# A throwaway database reached only through the local socket; not a secret.
readonly DB_PASSWORD=backlint-test-only
readonly WP_CONFIG=/etc/wordpress/config-127.0.0.1.php
readonly CONTENT_DIR=/var/lib/wordpress/wp-content
readonly SOURCE_ROOT=/var/www/backlint-ping-sources
readonly APACHE_SITE=backlint-wordpress
readonly PACKAGES=(
    wordpress wordpress-theme-twentytwentyone wordpress-theme-twentytwentythree
    mariadb-server mariadb-client apache2 libapache2-mod-php
    php-cli php-mysql php-xml php-mbstring php-curl curl ca-certificates
)

# The PHP scripts look for the site through this variable; during setup it is ours.
export BACKLINT_TEST_WP_URL="${WP_URL}/"

log() { printf '[wordpress] %s\n' "$*"; }
die() { printf '[wordpress] error: %s\n' "$*" >&2; exit 1; }

reset=false
case "${1:-}" in
    --reset) reset=true ;;
    "") ;;
    *) die "unknown option: $1 (only --reset)" ;;
esac

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and starts services)"

install_packages() {
    local missing=()
    local pkg
    for pkg in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        log "packages already installed"
        return
    fi
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

start_mariadb() {
    if mysqladmin --silent ping >/dev/null 2>&1; then
        log "mariadb already running"
        return
    fi
    log "starting mariadb"
    # `service` runs the SysV script directly, so this works without systemd (CI, containers).
    service mariadb start >/dev/null
    local _
    for _ in $(seq 1 30); do
        mysqladmin --silent ping >/dev/null 2>&1 && return
        sleep 1
    done
    die "mariadb did not start (see /var/log/mysql/ or run: service mariadb start)"
}

create_database() {
    if $reset; then
        log "dropping database ${DB_NAME}"
        mysql -e "DROP DATABASE IF EXISTS \`${DB_NAME}\`"
    fi
    # Debian's root account logs in through the unix socket: no password needed here.
    mysql <<SQL
CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
ALTER USER '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'localhost';
FLUSH PRIVILEGES;
SQL
}

write_wp_config() {
    # Debian's wp-config.php includes /etc/wordpress/config-<host>.php, the host taken
    # from the Host header without its port. Salts are fixed: this site holds no secret.
    # World-readable so that tests/wordpress/*.php also run as a non-root user.
    install -m 0644 /dev/stdin "${WP_CONFIG}" <<PHP
<?php
// Written by tests/wordpress/install.sh: the backlint integration-test site. Loopback only.
define( 'DB_NAME', '${DB_NAME}' );
define( 'DB_USER', '${DB_USER}' );
define( 'DB_PASSWORD', '${DB_PASSWORD}' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', '${WP_URL}' );
define( 'WP_SITEURL', '${WP_URL}' );
define( 'WP_CONTENT_DIR', '${CONTENT_DIR}' );

// Nothing leaves loopback: WordPress may reach only this machine (it would otherwise
// call api.wordpress.org for updates, patterns, browser checks).
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
// No pseudo-cron: it would run update checks and publish-time self-pings in the middle
// of a test run.
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_DEBUG', false );
// Application Passwords (the authenticated REST test) are offered only over HTTPS or on
// a 'local' environment; this site is plain HTTP on loopback, which is what 'local' means.
define( 'WP_ENVIRONMENT_TYPE', 'local' );

foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
		'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as \$backlint_key ) {
	define( \$backlint_key, 'backlint-test-site-' . \$backlint_key );
}
PHP
}

install_mu_plugins() {
    install -d -o www-data -g www-data "${CONTENT_DIR}/mu-plugins"
    install -m 0644 "${HERE}"/mu-plugins/*.php "${CONTENT_DIR}/mu-plugins/"
}

configure_apache() {
    install -d "${SOURCE_ROOT}"
    # Only 127.0.0.1, only our two ports: no Listen 80 on every interface.
    cat >/etc/apache2/ports.conf <<CONF
# Written by tests/wordpress/install.sh: this Apache serves only the backlint test site.
ServerName 127.0.0.1
Listen 127.0.0.1:${WP_PORT}
Listen 127.0.0.1:${SOURCE_PORT}
CONF
    cat >/etc/apache2/sites-available/${APACHE_SITE}.conf <<CONF
# Written by tests/wordpress/install.sh.
# The blog, laid out as Debian's README.Debian suggests (code in /usr/share/wordpress,
# content in ${CONTENT_DIR}); pretty permalinks rewritten here rather than in .htaccess,
# since /usr/share/wordpress/.htaccess is the package's.
<VirtualHost 127.0.0.1:${WP_PORT}>
    ServerName 127.0.0.1
    DocumentRoot /usr/share/wordpress
    DirectoryIndex index.php index.html
    Alias /wp-content ${CONTENT_DIR}
    <Directory /usr/share/wordpress>
        Options FollowSymLinks
        AllowOverride None
        Require all granted
        RewriteEngine On
        RewriteBase /
        RewriteRule ^index\.php$ - [L]
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule . /index.php [L]
    </Directory>
    <Directory ${CONTENT_DIR}>
        Options FollowSymLinks
        AllowOverride None
        Require all granted
    </Directory>
    ErrorLog \${APACHE_LOG_DIR}/backlint-wp-error.log
    CustomLog \${APACHE_LOG_DIR}/backlint-wp-access.log combined
</VirtualHost>

# Static pages of the "other sites" that link to the blog and send it pingbacks.
<VirtualHost 127.0.0.1:${SOURCE_PORT}>
    ServerName localhost
    DocumentRoot ${SOURCE_ROOT}
    <Directory ${SOURCE_ROOT}>
        Options None
        AllowOverride None
        Require all granted
    </Directory>
    ErrorLog \${APACHE_LOG_DIR}/backlint-sources-error.log
    CustomLog \${APACHE_LOG_DIR}/backlint-sources-access.log combined
</VirtualHost>
CONF
    local php_module
    php_module=$(basename "$(ls /etc/apache2/mods-available/php*.load | head -n1)" .load)
    a2dismod -q mpm_event >/dev/null 2>&1 || true
    a2enmod -q mpm_prefork "${php_module}" rewrite >/dev/null
    a2dissite -q 000-default >/dev/null 2>&1 || true
    a2ensite -q "${APACHE_SITE}" >/dev/null
    apache2ctl configtest 2>/dev/null || die "apache configuration is invalid: run apache2ctl configtest"
}

start_apache() {
    local pidfile=/var/run/apache2/apache2.pid
    if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        log "reloading apache"
        # Graceful: picks up a changed configuration without dropping a test's requests.
        apache2ctl graceful
    else
        log "starting apache"
        service apache2 start >/dev/null
    fi
    local _
    for _ in $(seq 1 30); do
        curl -s -o /dev/null "${WP_URL}/wp-includes/images/blank.gif" && return
        sleep 1
    done
    die "apache does not answer on ${WP_URL} (see /var/log/apache2/)"
}

seed_hash() {
    cat "${HERE}/setup.php" "${HERE}/seed.php" "${HERE}"/mu-plugins/*.php | sha256sum | cut -d' ' -f1
}

stored_seed_hash() {
    mysql -N -B "${DB_NAME}" -e \
        "SELECT option_value FROM wp_options WHERE option_name = 'backlint_seed_hash'" 2>/dev/null || true
}

install_and_seed() {
    local want have
    want=$(seed_hash)
    have=$(stored_seed_hash)
    if [[ $have == "$want" ]]; then
        log "site already installed and seeded (${WP_URL}/)"
        return
    fi
    if [[ -n $have ]] || mysql -N -B "${DB_NAME}" -e "SHOW TABLES" | grep -q .; then
        log "seed changed or incomplete: recreating database ${DB_NAME}"
        mysql -e "DROP DATABASE \`${DB_NAME}\`"
        create_database
        rm -rf "${SOURCE_ROOT:?}"/*
    fi
    log "installing WordPress through wp_install()"
    php "${HERE}/setup.php"
    log "seeding posts, comments, trackbacks and pingbacks"
    local started=$SECONDS
    php "${HERE}/seed.php"
    log "seeded in $((SECONDS - started)) s"
    mysql "${DB_NAME}" -e "INSERT INTO wp_options (option_name, option_value, autoload)
        VALUES ('backlint_seed_hash', '${want}', 'no')
        ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)"
}

main() {
    local started=$SECONDS
    install_packages
    start_mariadb
    create_database
    write_wp_config
    install_mu_plugins
    configure_apache
    start_apache
    install_and_seed
    log "ready: ${WP_URL}/ (sources on http://localhost:${SOURCE_PORT}/) in $((SECONDS - started)) s"
}

main
