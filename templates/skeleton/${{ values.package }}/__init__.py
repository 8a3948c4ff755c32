"""${{ values.title }}: ${{ values.task }} on the team's component library."""
