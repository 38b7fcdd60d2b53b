/**
 * Docker Hub's official images (the `library/` namespace). A short name outside this set — `myapp:1.0`,
 * `backup-tool` — does not exist on Docker Hub, so a real node fails to pull it with "pull access denied";
 * the simulated nodes do the same. Images in other namespaces (`fluent/fluentd`) and other registries are
 * assumed to exist unless their name or tag says otherwise.
 */
export const OFFICIAL_IMAGES = new Set(
  `adminer aerospike almalinux alpine alt amazoncorretto amazonlinux arangodb archlinux backdrop bash bonita
  buildpack-deps busybox caddy cassandra centos chronograf cirros clearlinux clefos clickhouse clojure composer
  convertigo couchbase couchdb crate dart debian docker drupal eclipse-mosquitto eclipse-temurin eggdrop
  elasticsearch elixir emqx erlang fedora flink fluentd friendica gazebo gcc geonetwork ghost golang gradle
  groovy haproxy haskell haxe hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava influxdb irssi jenkins
  jetty joomla jruby julia kapacitor kibana kong krakend lightstreamer liquibase logstash mageia mariadb matomo
  maven mediawiki memcached mongo mongo-express monica mono mysql nats nats-streaming neo4j neurodebian
  nextcloud nginx node notary odoo open-liberty openjdk oraclelinux orientdb percona perl photon php
  php-zendserver phpmyadmin plone postfixadmin postgres pypy python r-base rabbitmq rakudo-star redis redmine
  registry rethinkdb rocket.chat rockylinux ruby rust sapmachine satosa silverpeas sl solr sonarqube spiped
  storm swift teamspeak telegraf tomcat tomee traefik ubuntu unit varnish websphere-liberty wordpress xwiki
  yourls znc zookeeper`.split(/\s+/),
);
