#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for the SLURM end-to-end test and for trying the
# `workflow/profiles/slurm` profile without a real cluster.
#
#   scripts/slurm_local.sh start    install (Debian packages), configure, start; idempotent
#   scripts/slurm_local.sh status   say whether it runs (exit 0) or not (exit 1)
#   scripts/slurm_local.sh stop     stop the daemons it started
#
# Runs as root (as CI does), without systemd: it starts munged, a private MariaDB server, slurmdbd,
# slurmctld and slurmd itself and stops them by their pid files. The node gets the machine's real CPU
# count (nproc) and memory (`slurmd -C`). CPUs and memory are consumable resources, so a job gets
# what it asked for.
#
# Accounting: `sacct` needs slurmdbd, and slurmdbd a MySQL/MariaDB database (with
# AccountingStorageType=accounting_storage/none sacct only says "accounting storage is disabled";
# the job completion log alone gives `sacct --completion` the CPUs but not the memory). So the
# script runs MariaDB (socket /run/mysqld, database slurm_acct_db) and slurmdbd, and `sacct` shows
# each job with its requested CPUs and memory (AllocCPUS, ReqMem, AllocTRES). Finished jobs are also
# appended to the plain-text job completion log $JOBCOMP.
#
# Where it cannot start (not root, apt fails, a daemon does not come up) it says why and exits 1.
set -euo pipefail

CONF_DIR=/etc/slurm            # slurmctld, slurmd and the client commands read /etc/slurm/slurm.conf
CONF=$CONF_DIR/slurm.conf
DBD_CONF=$CONF_DIR/slurmdbd.conf
STATE=/var/lib/slurm
LOGS=/var/log/slurm
JOBCOMP=$LOGS/jobcomp.log
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
DBD_PID=/run/slurmdbd.pid
MUNGE_PID=/run/munge/munged.pid
MYSQL_PID=/run/mysqld/mysqld.pid
DB_PASS=thundeep-local-slurm   # a local, throwaway database reachable only through localhost
CLUSTER=thundeep
PARTITION=local
PACKAGES=(slurm-wlm slurmdbd munge mariadb-server)

die() { echo "slurm_local: $*" >&2; exit 1; }
say() { echo "slurm_local: $*"; }

running() {  # running <pidfile>: the process it names is alive
    [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_for() {  # wait_for <tries> <command...>: retry every 0.5 s
    local tries=$1
    shift
    for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
    return 1
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts system daemons); you are $(id -un)"
}

install_packages() {
    local missing=0 tool
    for tool in slurmctld slurmd slurmdbd sacct munged mariadbd; do
        command -v "$tool" >/dev/null || missing=1
    done
    [[ $missing -eq 0 ]] && return
    command -v apt-get >/dev/null || die "apt-get not found: install ${PACKAGES[*]} by hand"
    say "installing ${PACKAGES[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed (offline?)"
    apt-get install -y -qq "${PACKAGES[@]}" >/dev/null 2>&1 || die "apt-get install ${PACKAGES[*]} failed"
}

update_file() {  # update_file <path> <content>: write when different; exit 0 when it changed
    if [[ ! -f $1 ]] || [[ $(cat "$1") != "$2" ]]; then
        printf '%s\n' "$2" > "$1"
        return 0
    fi
    return 1
}

stop_daemon() {  # stop_daemon <name> <pidfile>
    if running "$2"; then
        local pid
        pid=$(cat "$2")
        kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
        say "stopped $1 (pid $pid)"
    fi
    rm -f "$2"
}

start_munge() {
    running "$MUNGE_PID" && return
    if [[ ! -s /etc/munge/munge.key ]]; then
        dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
    fi
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    runuser -u munge -- /usr/sbin/munged --force || die "munged did not start (see /var/log/munge/munged.log)"
    wait_for 20 bash -c "munge -n | unmunge" || die "munge does not work (see /var/log/munge/munged.log)"
}

start_accounting() {  # MariaDB, the accounting database and its user, slurmdbd
    mkdir -p "$LOGS"
    if ! running "$MYSQL_PID"; then
        mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
        if [[ ! -d /var/lib/mysql/mysql ]]; then
            mariadb-install-db --user=mysql >>"$LOGS/mariadb.log" 2>&1 || die "mariadb-install-db failed"
        fi
        setsid mariadbd --user=mysql --innodb-buffer-pool-size=32M >>"$LOGS/mariadb.log" 2>&1 </dev/null &
    fi
    wait_for 60 mariadb -e "select 1" || die "MariaDB did not start (see $LOGS/mariadb.log)"
    mariadb -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
        CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
        GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';" || die "could not create the accounting database"
    local conf
    conf="# Generated by scripts/slurm_local.sh: accounting daemon of the one-node cluster.
AuthType=auth/munge
DbdHost=localhost
SlurmUser=root
PidFile=$DBD_PID
LogFile=$LOGS/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=$DB_PASS"
    mkdir -p "$CONF_DIR"
    if update_file "$DBD_CONF" "$conf"; then stop_daemon slurmdbd "$DBD_PID"; fi
    chmod 600 "$DBD_CONF"
    running "$DBD_PID" || /usr/sbin/slurmdbd || die "slurmdbd did not start (see $LOGS/slurmdbd.log)"
    wait_for 60 sacctmgr -n list cluster || die "slurmdbd does not answer (see $LOGS/slurmdbd.log)"
    if [[ -z $(sacctmgr -n -P list cluster "$CLUSTER" format=cluster) ]]; then
        sacctmgr -i add cluster "$CLUSTER" >/dev/null || die "sacctmgr could not add cluster $CLUSTER"
    fi
}

write_conf() {  # slurm.conf; exit 0 when it changed
    local host cpus mem
    host=$(hostname -s)
    cpus=$(nproc)
    # RealMemory as slurmd itself measures it (MB), so the node is never drained for "low memory".
    mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
    [[ -n $mem ]] || mem=$(( $(awk '/^MemTotal/ {print $2}' /proc/meminfo) / 1024 ))
    mkdir -p "$CONF_DIR" "$STATE/slurmctld" "$STATE/slurmd" "$LOGS"
    update_file "$CONF" "# Generated by scripts/slurm_local.sh: a one-node cluster on $host ($cpus CPUs, $mem MB).
ClusterName=$CLUSTER
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/slurmctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ReturnToService=2
# No cgroups in a container: track processes through /proc, bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# CPUs and memory are both consumable: a job gets (and is recorded with) what it asked for.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
# Finished jobs stay visible to squeue and scontrol for 10 minutes.
MinJobAge=600
# Accounting through slurmdbd (sacct), and a plain-text completion log besides.
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
# sacct shows the comment the executor plugin gives each job (rule_<rule>[_wildcards_<values>]).
AccountingStoreFlags=job_comment
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/filetxt
JobCompLoc=$JOBCOMP
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP"
}

start_slurm() {  # start_slurm <1 when slurm.conf changed>
    if [[ $1 -eq 1 ]]; then
        stop_daemon slurmd "$SLURMD_PID"
        stop_daemon slurmctld "$CTLD_PID"
    fi
    running "$CTLD_PID" || /usr/sbin/slurmctld || die "slurmctld did not start (see $LOGS/slurmctld.log)"
    running "$SLURMD_PID" || /usr/sbin/slurmd || die "slurmd did not start (see $LOGS/slurmd.log)"
    local state=""
    for _ in $(seq 60); do
        state=$(sinfo -h -N -o %t 2>/dev/null | head -1) || true
        [[ $state == idle* || $state == mix* || $state == alloc* ]] && return
        sleep 0.5
    done
    die "the node did not come up (state '${state:-none}'; see $LOGS/slurmctld.log and $LOGS/slurmd.log)"
}

status() {
    local ok=0 pair
    for pair in "munged:$MUNGE_PID" "mariadbd:$MYSQL_PID" "slurmdbd:$DBD_PID" \
                "slurmctld:$CTLD_PID" "slurmd:$SLURMD_PID"; do
        if running "${pair#*:}"; then
            say "${pair%%:*} runs (pid $(cat "${pair#*:}"))"
        else
            say "${pair%%:*} is not running"
            ok=1
        fi
    done
    if [[ $ok -eq 0 ]] && sinfo -h >/dev/null 2>&1; then
        sinfo -h -N -o "slurm_local: node %N: %t, %c CPUs, %m MB"
    else
        ok=1
    fi
    return $ok
}

case ${1:-} in
    start)
        need_root
        install_packages
        changed=0
        write_conf && changed=1
        start_munge
        start_accounting
        start_slurm "$changed"
        say "cluster '$CLUSTER' is up: $(sinfo -h -N -o '%N, %c CPUs, %m MB, %t'); accounting by slurmdbd (sacct)"
        ;;
    stop)
        need_root
        stop_daemon slurmd "$SLURMD_PID"
        stop_daemon slurmctld "$CTLD_PID"
        stop_daemon slurmdbd "$DBD_PID"
        stop_daemon mariadbd "$MYSQL_PID"
        stop_daemon munged "$MUNGE_PID"
        ;;
    status)
        status
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
