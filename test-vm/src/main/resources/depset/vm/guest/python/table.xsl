<?xml version="1.0" encoding="UTF-8"?>
<!-- depset's python guest: turns the services document into text lines (run by libxslt through lxml). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/services">
    <xsl:for-each select="service">
      <xsl:sort select="@port" data-type="number" order="descending"/>
      <xsl:value-of select="concat(@name, ' (', @kind, ') on port ', @port, '&#10;')"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
