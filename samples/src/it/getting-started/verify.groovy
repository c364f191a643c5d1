import groovy.xml.XmlSlurper

// the application ran its job: it said so, and the file it wrote holds a 320-pixel-wide video
def log = new File(basedir, 'build.log').text
assert log.contains('COMPLETED [') : 'the application did not print COMPLETED; see build.log'
assert log.contains('progress: ') : 'the application printed no progress; see build.log'

def out = new File(basedir, 'out/small.mp4')
assert out.isFile() && out.length() > 0 : "no output at ${out}"
def probe = ['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries',
             'stream=codec_type,width', '-of', 'csv=p=0', out.path].execute()
def streams = probe.text.trim()
assert probe.waitFor() == 0 : "ffprobe failed on ${out}"
assert streams == 'video,320' : "expected a 320-pixel-wide video stream, ffprobe says: ${streams}"

// the BOM manages our artifacts and nothing else: no parent, no import, only io.mediaflow, so
// importing it never sets a host's Jackson, JUnit or JDBC driver
def bomPoms = new File(localRepositoryPath, 'io/mediaflow/mediaflow-bom').listFiles()
        .collectMany { dir -> dir.listFiles().findAll { it.name.endsWith('.pom') } as List }
assert bomPoms.size() == 1 : "expected one installed mediaflow-bom pom, found ${bomPoms}"
def bom = new XmlSlurper().parse(bomPoms[0])
assert bom.parent.size() == 0 : 'the BOM has a parent, whose dependencyManagement would come along'
def managed = bom.dependencyManagement.dependencies.dependency
managed.each { d ->
    assert d.groupId.text() == 'io.mediaflow' : "the BOM manages ${d.groupId}:${d.artifactId}"
    assert d.scope.text() != 'import' : "the BOM imports ${d.artifactId}"
}
def names = managed.collect { it.artifactId.text() } as Set
assert names == ['mediaflow-api', 'mediaflow-core', 'mediaflow-ffmpeg', 'mediaflow-jdbc-store',
                 'mediaflow-testkit'] as Set : "the BOM lists ${names}"
return true
